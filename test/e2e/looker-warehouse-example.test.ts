// The Looker example on the embedded warehouse (its default), served to the Looker sandbox as `npm start` serves it.
import { describeExample } from '../support/looker-warehouse-e2e';

describeExample('embedded');
