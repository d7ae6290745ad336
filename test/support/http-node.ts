// node-red-node-test-helper gives the nodes a fresh RED.httpNode app on every load but serves none of
// them (helper.url() answers 404 to everything). This serves the httpNode app of the latest load on a
// real socket, so webhook tests post over HTTP as UKG would.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';

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

  /** Wraps a node module so the app it registers routes on is the one served. */
  serving(module: NodeModule): NodeModule {
    return (red: never) => {
      this.app = (red as { httpNode: Express }).httpNode;
      return module(red);
    };
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
