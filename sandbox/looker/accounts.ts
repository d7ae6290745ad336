/** An API user's API3 key pair (Looker's client id / secret) and what its role lets it do. */
export interface LookerApiUser {
  id: string;
  displayName: string;
  email: string;
  clientId: string;
  clientSecret: string;
  /** Role permissions the sandbox checks: `schedule_look_emails` style rights are folded into these two. */
  canRunScheduledPlans: boolean;
  canUpdateDatagroups: boolean;
}

/** The admin "API User" the demo flows sign in as. */
export const API_USER: LookerApiUser = {
  id: '7',
  displayName: 'API User',
  email: 'api-user@mlc-demo.example',
  clientId: 'mlc-looker-client-id',
  clientSecret: 'mlc-looker-client-secret',
  canRunScheduledPlans: true,
  canUpdateDatagroups: true,
};

/** Explores and queries, nothing more: run_once and datagroup PATCH answer 403. */
export const VIEWER_API_USER: LookerApiUser = {
  id: '8',
  displayName: 'Viewer API User',
  email: 'viewer-api-user@mlc-demo.example',
  clientId: 'mlc-looker-viewer-id',
  clientSecret: 'mlc-looker-viewer-secret',
  canRunScheduledPlans: false,
  canUpdateDatagroups: false,
};

export const API_USERS: readonly LookerApiUser[] = [API_USER, VIEWER_API_USER];
