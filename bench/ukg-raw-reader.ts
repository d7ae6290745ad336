// The baseline for the UKG two-pass bench: the same calls in the same order (a list page, then its
// employees' person and compensation details, the next list page queued ahead of them, 8 in flight
// through the same gate) made with node:http and JSON.parse alone: no retry loop, no schemas, no merge.
// What the pack's reader takes beyond it is the cost of its own stack; what this one takes beyond the
// ideal is the machine's and the simulator's.
import { Agent, get } from 'node:http';
import { ConcurrencyGate } from '../lib/util/concurrency-gate';

interface ListedEmployee {
  companyID: string;
  employeeID: string;
}

export interface RawReaderOptions {
  url: string;
  username: string;
  password: string;
  customerApiKey: string;
  pageSize: number;
  concurrency: number;
}

/** Yields each list page's employee keys once both detail calls of every employee on it answered 200. */
export async function* rawTwoPass(options: RawReaderOptions): AsyncGenerator<string[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: 2 * options.concurrency });
  const headers = { authorization: `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`, 'us-customer-api-key': options.customerApiKey, accept: 'application/json' };
  const gate = new ConcurrencyGate(options.concurrency);
  const fetchJson = (path: string): Promise<{ status: number; body: unknown }> =>
    gate.run(
      () =>
        new Promise((resolve, reject) => {
          get(`${options.url}${path}`, { agent, headers }, (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('end', () => resolve({ status: response.statusCode ?? 0, body: response.statusCode === 200 ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : null }));
            response.on('error', reject);
          }).on('error', reject);
        }),
    );
  const listPage = (page: number): Promise<ListedEmployee[]> =>
    fetchJson(`/personnel/v1/employment-details?page=${page}&per_Page=${options.pageSize}`).then(({ status, body }) => (status === 200 && Array.isArray(body) ? (body as ListedEmployee[]) : []));
  const details = async (employee: ListedEmployee): Promise<string> => {
    const base = `/personnel/v1/companies/${encodeURIComponent(employee.companyID)}/employees/${encodeURIComponent(employee.employeeID)}`;
    const answers = await Promise.all([fetchJson(`${base}/person-details`), fetchJson(`${base}/compensation-details`)]);
    if (answers.some((answer) => answer.status !== 200)) throw new Error(`raw two-pass: details of ${employee.employeeID} answered ${answers.map((a) => a.status).join(', ')}`);
    return `${employee.companyID}/${employee.employeeID}`;
  };
  try {
    let page = 1;
    let list = listPage(page);
    let previous: Promise<string[]> | null = null;
    for (;;) {
      const employees = await list;
      if (employees.length === 0) break;
      list = employees.length < options.pageSize ? Promise.resolve([]) : listPage(++page);
      const completing = Promise.all(employees.map(details));
      completing.catch(() => undefined);
      if (previous) yield await previous;
      previous = completing;
    }
    if (previous) yield await previous;
  } finally {
    agent.destroy();
  }
}
