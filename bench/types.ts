// What every benchmark reports: one line per measurement, with its target where the project set one.
export interface BenchLine {
  name: string;
  value: number;
  unit: string;
  /** Target the value must reach; `higherIsBetter` says in which direction. */
  target?: number;
  higherIsBetter?: boolean;
  note?: string;
}

export interface BenchSuite {
  name: string;
  run(): Promise<BenchLine[]>;
}
