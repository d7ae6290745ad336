import { Registry } from '../registry';
import { accountAccount } from './account-account';
import { accountJournal } from './account-journal';
import { accountMove } from './account-move';
import { accountMoveLine } from './account-move-line';
import { analyticAccount, analyticPlan } from './analytic';
import { hrDepartment, hrEmployee, hrJob } from './hr';
import { irModelData } from './ir-model-data';
import { productProduct } from './product-product';
import { purchaseOrder, purchaseOrderLine } from './purchase';
import { resCompany } from './res-company';
import { resCountry, resCountryState } from './res-country';
import { resCurrency } from './res-currency';
import { resPartner } from './res-partner';
import { resUsers } from './res-users';

export function createRegistry(): Registry {
  return new Registry([
    resCurrency,
    resCountry,
    resCountryState,
    resCompany,
    resUsers,
    resPartner,
    productProduct,
    accountAccount,
    accountJournal,
    analyticPlan,
    analyticAccount,
    accountMove,
    accountMoveLine,
    purchaseOrder,
    purchaseOrderLine,
    hrDepartment,
    hrJob,
    hrEmployee,
    irModelData,
  ]);
}
