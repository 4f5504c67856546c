/**
 * The generic call-mix template for a project's own contracts: deploy the listed contracts, then call
 * functions picked by weight with arguments drawn from generators.
 *
 * Options: `deploy: [{ contract, args? }]`, `calls: [{ contract, function, weight?, args?: ArgSpec[], value? }]`,
 * where an ArgSpec is `"sender"` (the caller), `"account"` (another account of the pool), `"hot-account"`,
 * `"uint:<min>:<max>"`, `"bool"`, `"contract:<Name>"` (address of a deployed contract), or a literal
 * (number, string, boolean) passed as is.
 */
import type { ContractHandle, WorkloadApi, WorkloadDefinition, WorkloadTx } from "../define-workload.js";

interface CallSpec {
  readonly contract: string;
  readonly function: string;
  readonly weight: number;
  readonly args: readonly unknown[];
  readonly value: bigint | undefined;
}

function callSpecs(options: Readonly<Record<string, unknown>>): CallSpec[] {
  const raw = options.calls;
  if (!Array.isArray(raw) || raw.length === 0) {
    throw new Error("call-mix workload needs options.calls: [{ contract, function, weight?, args? }, ...]");
  }
  return raw.map((c: unknown, i) => {
    const o = (typeof c === "object" && c !== null ? c : {}) as Record<string, unknown>;
    if (typeof o.contract !== "string" || typeof o.function !== "string") {
      throw new Error(`call-mix options.calls[${i}] needs a string contract and function`);
    }
    return {
      contract: o.contract,
      function: o.function,
      weight: typeof o.weight === "number" && o.weight > 0 ? o.weight : 1,
      args: Array.isArray(o.args) ? o.args : [],
      value: typeof o.value === "string" || typeof o.value === "number" ? BigInt(o.value) : undefined,
    };
  });
}

function argument(api: WorkloadApi, spec: unknown, sender: string, contracts: Map<string, ContractHandle>): unknown {
  if (spec === "sender") return sender;
  if (spec === "account") return api.pickOther(sender);
  if (spec === "hot-account") return api.accounts[0] ?? sender;
  if (spec === "bool") return api.random() < 0.5;
  if (typeof spec === "string" && spec.startsWith("uint:")) {
    const [, min = "0", max = "1000"] = spec.split(":");
    return BigInt(min) + BigInt(api.randomInt(Number(BigInt(max) - BigInt(min)) + 1));
  }
  if (typeof spec === "string" && spec.startsWith("contract:")) {
    const handle = contracts.get(spec.slice("contract:".length));
    if (handle === undefined) throw new Error(`call-mix argument ${spec}: no such deployed contract`);
    return handle.address;
  }
  return spec;
}

/** A weighted mix of calls to the project's own contracts. */
export function callMix(
  name: string,
): WorkloadDefinition<{ contracts: Map<string, ContractHandle>; calls: CallSpec[] }> {
  return {
    name,
    description: "Weighted mix of calls to the project's contracts",
    async setup(api) {
      const calls = callSpecs(api.options);
      const contracts = new Map<string, ContractHandle>();
      const deploys = Array.isArray(api.options.deploy) ? api.options.deploy : [];
      for (const d of deploys as Array<{ contract?: unknown; args?: unknown }>) {
        if (typeof d.contract !== "string") throw new Error("call-mix options.deploy entries need a contract name");
        const args = Array.isArray(d.args) ? d.args.map((a) => argument(api, a, api.deployer, contracts)) : [];
        contracts.set(d.contract, await api.deploy(d.contract, args));
      }
      for (const c of calls) if (!contracts.has(c.contract)) contracts.set(c.contract, await api.deploy(c.contract));
      return { contracts, calls };
    },
    next(api, { contracts, calls }): WorkloadTx {
      const total = calls.reduce((sum, c) => sum + c.weight, 0);
      let roll = api.random() * total;
      const call = calls.find((c) => (roll -= c.weight) < 0) ?? calls[calls.length - 1];
      if (call === undefined) throw new Error("call-mix has no calls");
      const from = api.pick();
      const to = contracts.get(call.contract);
      if (to === undefined) throw new Error(`call-mix: ${call.contract} was not deployed`);
      const args = call.args.map((a) => argument(api, a, from, contracts));
      return { from, to, function: call.function, args, value: call.value };
    },
  };
}
