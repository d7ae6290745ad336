// node-red-node-test-helper gives the nodes a fresh RED.httpNode app on every load but serves none of
// them (helper.url() answers 404 to everything). This serves the httpNode app of the latest load on a
// real socket, mounted as Node-RED mounts it: behind the editor's admin app at the same root "/",
// whose JSON parser reads every JSON body first, so a node that needs the raw bytes meets the real
// obstacle here too.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';

type NodeModule = (red: never) => void | Promise<void>;

export class HttpNodeServer {
  private app: Express | null = null;
  private readonly server: Server = createServer((req, res) => {
    if (!this.app) {
      res.statusCode = 503;
      res.end();
      return;
    }
    this.app(req, res);
  });
  url = '';

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Wraps a node module so the app it registers routes on is mounted and served before its nodes start. */
  serving(module: NodeModule): NodeModule {
    return (red: never) => {
      const root = express();
      const admin = express();
      admin.use(express.json());
      root.use('/', admin);
      root.use('/', (red as { httpNode: Express }).httpNode);
      this.app = root;
      return module(red);
    };
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
