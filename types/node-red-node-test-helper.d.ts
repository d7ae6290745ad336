// The test helper ships no types; these cover the calls the tests make.
declare module 'node-red-node-test-helper' {
  import type { Node } from 'node-red';

  interface AdminResponse {
    status: number;
    body: unknown;
    text: string;
  }
  interface AdminRequest extends PromiseLike<AdminResponse> {
    send(body: unknown): AdminRequest;
    set(header: string, value: string): AdminRequest;
    query(query: Record<string, string>): AdminRequest;
    expect(status: number): AdminRequest;
  }
  interface AdminAgent {
    get(path: string): AdminRequest;
    post(path: string): AdminRequest;
    put(path: string): AdminRequest;
    delete(path: string): AdminRequest;
  }
  type NodeModule = (red: never) => void | Promise<void>;
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
    request(): AdminAgent;
    log(): { args: unknown[][] };
  }
  const helper: Helper;
  export = helper;
}
