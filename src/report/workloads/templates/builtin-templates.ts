/**
 * The registry of built-in workload templates, by the ids the config uses.
 */
import { callMix } from "./call-mix-template.js";
import type { WorkloadDefinition } from "../define-workload.js";
import { ammSwaps, erc20Transfers, lending, nftMint } from "./defi-templates.js";
import { battles, itemCrafting, marketplace } from "./gaming-templates.js";

type TemplateFactory = (name: string) => WorkloadDefinition<never>;

const TEMPLATES: Readonly<Record<string, TemplateFactory>> = {
  "erc20-transfers": erc20Transfers as TemplateFactory,
  "amm-swaps": ammSwaps as TemplateFactory,
  lending: lending as TemplateFactory,
  "nft-mint": nftMint as TemplateFactory,
  "item-crafting": itemCrafting as TemplateFactory,
  battles: battles as TemplateFactory,
  marketplace: marketplace as TemplateFactory,
  "call-mix": callMix as TemplateFactory,
};

/** The workload a template id builds, or undefined for an unknown id. */
export function templateWorkload(template: string, name: string): WorkloadDefinition<unknown> | undefined {
  const factory = TEMPLATES[template];
  return factory === undefined ? undefined : (factory(name) as WorkloadDefinition<unknown>);
}

/** Ids of the built-in templates (the same as the keys of TEMPLATE_OPTIONS, tested). */
export function templateIds(): string[] {
  return Object.keys(TEMPLATES);
}
