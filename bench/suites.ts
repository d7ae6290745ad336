// Every benchmark suite `npm run bench` runs, in order. Pass suite names to run only some:
// `npm run bench -- map store`.
import { dedupAuditBench } from './dedup-audit.bench';
import { mapBench } from './map.bench';
import { odooWriteBench } from './odoo-write.bench';
import { odooReadBench } from './odoo-read.bench';
import { pgPostedClaimsBench } from './pg-posted-claims.bench';
import { paylocityStatementsBench } from './paylocity-statements.bench';
import { paylocityWebhookBench } from './paylocity-webhook.bench';
import { procorePoLinesBench } from './procore-po-lines.bench';
import { reconcileBench } from './reconcile.bench';
import { procoreVendorsBench } from './procore-vendors.bench';
import { scalingOdooBench } from './scaling-odoo.bench';
import { scalingStoreBench } from './scaling-store.bench';
import { scalingUkgBench } from './scaling-ukg.bench';
import { servicenowPosBench } from './servicenow-pos.bench';
import { storeBench } from './store.bench';
import { ukgEmployeesBench } from './ukg-employees.bench';
import type { BenchSuite } from './types';
import { warehouseBench } from './warehouse.bench';

export const suites: BenchSuite[] = [mapBench, storeBench, pgPostedClaimsBench, dedupAuditBench, odooReadBench, odooWriteBench, reconcileBench, ukgEmployeesBench, paylocityStatementsBench, paylocityWebhookBench, procoreVendorsBench, procorePoLinesBench, servicenowPosBench, warehouseBench, scalingStoreBench, scalingOdooBench, scalingUkgBench];
