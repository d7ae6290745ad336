// The test helper ships no types; these cover the calls the tests make.
declare module 'node-red-node-test-helper' {
  import type { Node } from 'node-red';
  import type { SuperTest, Test } from 'supertest';

  type NodeModule = (red: unknown) => void | Promise<void>;
  interface TestNode extends Node {
    receive(msg: Record<string, unknown>): void;
    [key: string]: unknown;
  }
  interface Helper {
    init(nodeRedPath: string, settings?: Record<string, unknown>): void;
    startServer(done?: (err?: Error) => void): Promise<void>;
    stopServer(done?: (err?: Error) => void): Promise<void>;
    load(
      nodes: NodeModule | NodeModule[],
      flow: Array<Record<string, unknown>>,
      credentials?: Record<string, Record<string, unknown>>,
      done?: () => void,
    ): Promise<void>;
    unload(): Promise<void>;
    getNode(id: string): TestNode;
    settings(settings: Record<string, unknown>): void;
    request(): SuperTest<Test>;
    log(): { args: unknown[][] };
  }
  const helper: Helper;
  export = helper;
}
