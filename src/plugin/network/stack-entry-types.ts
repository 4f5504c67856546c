/**
 * The vocabulary of Solidity stack traces, as EDR numbers it (`StackTraceEntryType`, `ContractFunctionType`) and the
 * opcodes the tracer looks at. One table for the tracer (`solidity-stack.ts`), its inferences
 * (`stack-inference.ts`) and the error it builds (`solidity-error.ts`): Hardhat's encoder reads these numbers.
 */

/** EDR's `StackTraceEntryType` values we build. */
export const ENTRY = {
  CALLSTACK: 0,
  REVERT: 4,
  PANIC: 5,
  CUSTOM_ERROR: 6,
  FUNCTION_NOT_PAYABLE: 7,
  INVALID_PARAMS: 8,
  FALLBACK_NOT_PAYABLE: 9,
  FALLBACK_NOT_PAYABLE_AND_NO_RECEIVE: 10,
  UNRECOGNIZED_FUNCTION: 11,
  MISSING_FALLBACK_OR_RECEIVE: 12,
  RETURNDATA_SIZE: 13,
  NONCONTRACT_ACCOUNT_CALLED: 14,
  INTERNAL_FUNCTION: 22,
} as const;

/** EDR's `ContractFunctionType` values (a function definition's `type` in the code mapper). */
export const FUNCTION_TYPE = {
  CONSTRUCTOR: 0,
  FUNCTION: 1,
  FALLBACK: 2,
  RECEIVE: 3,
  MODIFIER: 5,
} as const;

/** The opcodes the tracer and its inferences look at. */
export const OP = {
  LT: 0x10,
  ISZERO: 0x15,
  CALLDATASIZE: 0x36,
  CODESIZE: 0x38,
  CODECOPY: 0x39,
  EXTCODESIZE: 0x3b,
  JUMPDEST: 0x5b,
  DUP1: 0x80,
  REVERT: 0xfd,
  INVALID: 0xfe,
} as const;
