/** A row or record an import skips or reports: the line it starts on (line 1 is the file's first, a CSV header included), and why. */
export interface RowProblem {
  line: number;
  reason: string;
}

/** Reported rows of one kind in a large input: how many in all, and the first ones in file order. */
export interface ProblemList {
  count: number;
  /** At most the import's `maxReported` of them. */
  rows: RowProblem[];
}

/** An empty list. */
export function problemList(): ProblemList {
  return { count: 0, rows: [] };
}

/** Counts one problem; keeps it while the list holds fewer than `max`. */
export function addProblem(list: ProblemList, problem: RowProblem, max: number): void {
  list.count++;
  if (list.rows.length < max) list.rows.push(problem);
}
