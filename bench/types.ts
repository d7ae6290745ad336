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
  /** Run only when named (`npm run bench -- scaling`): the scaling study takes minutes and is not part of the default run. */
  onlyWhenNamed?: boolean;
  run(): Promise<BenchLine[]>;
}
