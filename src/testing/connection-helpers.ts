/**
 * `connection.parallel`: the test helpers every network connection gets (the plugin's `newConnection`
 * hook adds them, on every network — on Hardhat's own the block is mined and facts are unavailable).
 */
import type { MinedBlock } from "./block-facts.js";
import { mineBlock, type MineBlockTarget } from "./mine-block.js";
import { addBlock, statsCollector } from "./parallel-stats.js";

/** The test helpers of one network connection. */
export class ParallelTestHelpers {
  /**
   * @param connection the network connection (its provider and network name)
   * @param served whether hardhat-parallel serves this network (execution facts available)
   * @param statsFile where `--parallel-stats-json` writes the run's conflicts ("" for nowhere)
   */
  constructor(
    private readonly connection: MineBlockTarget,
    readonly served: boolean,
    private readonly statsFile = "",
  ) {
    // Created now so that a run without mineBlock blocks still writes its (empty) statistics.
    if (statsFile !== "") statsCollector(statsFile);
  }

  /**
   * Runs `fn` with automine off, mines everything it sent as one block, restores automine (also when `fn`
   * throws) and returns the receipts and, on the parallel network, the execution facts. Send transactions
   * without waiting for their receipts inside `fn`: nothing is mined until it returns.
   */
  async mineBlock(fn: () => unknown): Promise<MinedBlock> {
    const block = await mineBlock(this.connection, this.served, fn);
    if (this.statsFile !== "" && block.facts !== undefined) addBlock(statsCollector(this.statsFile), block.facts);
    return block;
  }
}
