// odoo-xmlrpc ships no types; these cover the calls the simulator tests make.
declare module 'odoo-xmlrpc' {
  interface OdooConfig {
    url: string;
    port?: number | string;
    db: string;
    username: string;
    password: string;
  }
  type Callback<T> = (error: unknown, value: T | null) => void;
  class Odoo {
    constructor(config: OdooConfig);
    connect(callback: Callback<number>): void;
    execute_kw(model: string, method: string, params: unknown[], callback: Callback<unknown>): void;
  }
  export = Odoo;
}
