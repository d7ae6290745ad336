import { fields } from '../fields';
import type { MethodSpec } from '../method-spec';
import { defineModel } from '../model-def';
import { ACCESS } from './access-groups';

/** `context_get`: JSON-2's way to learn one's own uid (`POST /json/2/res.users/context_get`). */
const contextGet: MethodSpec = {
  name: 'context_get',
  kind: 'model',
  params: [],
  run: (env) => {
    const user = env.db.table('res.users').get(env.uid);
    const tz = user?.['tz'];
    return { lang: 'en_US', tz: typeof tz === 'string' ? tz : false, uid: env.uid };
  },
};

export const resUsers = defineModel({
  name: 'res.users',
  description: 'User',
  order: 'name, login',
  fields: {
    name: fields.char('Name', { required: true }),
    login: fields.char('Login', { required: true, indexed: true }),
    email: fields.char('Email'),
    active: fields.boolean('Active', { default: true }),
    share: fields.boolean('Share User', { default: false }),
    tz: fields.char('Timezone'),
    company_id: fields.many2one('res.company', 'Company', { required: true, ondelete: 'restrict', default: 1 }),
  },
  methods: [contextGet],
  access: ACCESS.users,
  uniques: [{ fields: ['login'], message: 'You can not have two users with the same login !' }],
});
