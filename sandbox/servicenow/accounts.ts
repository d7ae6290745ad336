import { ROLES } from './tables';

export interface SandboxUser {
  userName: string;
  password: string;
  firstName: string;
  lastName: string;
  roles: string[];
}

/** The integration user the demo flows sign in as: every role the ERP integration needs. */
export const INTEGRATION_USER: SandboxUser = {
  userName: 'mlc.integration',
  password: 'mlc-demo-password',
  firstName: 'ML Connector',
  lastName: 'Integration',
  roles: [ROLES.integration, ROLES.importer, ROLES.procurement, ROLES.apIntegrator],
};

/** Reads the finance and S2P tables, writes none of them: a Test connection names the table it cannot write. */
export const VIEWER_USER: SandboxUser = { userName: 'mlc.viewer', password: 'mlc-viewer-password', firstName: 'ML Connector', lastName: 'Viewer', roles: [ROLES.viewer] };

/** Signs in and nothing more: every finance table is refused. */
export const NO_ROLES_USER: SandboxUser = { userName: 'mlc.noroles', password: 'mlc-noroles-password', firstName: 'No', lastName: 'Roles', roles: [] };

/**
 * May load import sets but not read the target tables: ServiceNow then answers an import with 201 and
 * an empty body (B.5, KB3047115), which a client must treat as a failure.
 */
export const IMPORT_ONLY_USER: SandboxUser = { userName: 'mlc.importonly', password: 'mlc-importonly-password', firstName: 'Import', lastName: 'Only', roles: [ROLES.importer] };

export const USERS: readonly SandboxUser[] = [INTEGRATION_USER, VIEWER_USER, NO_ROLES_USER, IMPORT_ONLY_USER];

export interface OAuthClient {
  clientId: string;
  clientSecret: string;
  /** The OAuth Application User that client-credentials calls run as (B.1). */
  applicationUser: SandboxUser;
}

export const OAUTH_CLIENT: OAuthClient = { clientId: 'mlc-demo-client-id', clientSecret: 'mlc-demo-client-secret', applicationUser: INTEGRATION_USER };
