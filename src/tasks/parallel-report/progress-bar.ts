/**
 * A one-line progress bar on stderr while a workload runs (only when stderr is a terminal, so CI logs and
 * piped output stay clean).
 */

/** A running bar. */
export interface ProgressBar {
  readonly update: (done: number, total: number) => void;
  readonly done: () => void;
}

/** Starts a bar labelled `label`, or returns undefined when stderr is not a TTY. */
export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr): ProgressBar | undefined {
  if (stream.isTTY !== true) return undefined;
  const width = 30;
  let last = "";
  return {
    update: (done, total) => {
      const filled = total === 0 ? width : Math.round((done / total) * width);
      const line = `  ${label} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total} tx`;
      if (line !== last) stream.write(`\r${line}`);
      last = line;
    },
    done: () => {
      if (last !== "") stream.write(`\r${" ".repeat(last.length)}\r`);
    },
  };
}
