import { resolveField, exploreViews } from './compile';
import { describeField } from './render';
import type { ExploreDef, ModelDef } from './models';
import type { Datagroup, Look, ScheduledPlan, StoredQuery } from './state';
import { describeWarehouse, type WarehouseConfig } from './warehouse';

export function modelJson(model: ModelDef): Record<string, unknown> {
  return {
    name: model.name,
    label: model.label,
    project_name: model.projectName,
    allowed_db_connection_names: [model.connection],
    unlimited_db_connections: false,
    has_content: true,
    explores: model.explores.map((explore) => ({ name: explore.name, label: explore.label, description: explore.description, hidden: false, group_label: model.label })),
    can: { index: true, show: true, create: true, update: true, destroy: true },
  };
}

export function exploreJson(model: ModelDef, explore: ExploreDef, schema: string): Record<string, unknown> {
  const views = exploreViews(model, explore);
  const fields = views.flatMap((view) => [...view.dimensions, ...view.measures].map((field) => resolveField(model, explore, `${view.name}.${field.name}`)));
  const described = fields.flatMap((field) => (field ? [field] : []));
  const base = views.find((view) => view.name === explore.view);
  return {
    id: `${model.name}::${explore.name}`,
    name: explore.name,
    label: explore.label,
    description: explore.description,
    model_name: model.name,
    view_name: explore.view,
    connection_name: model.connection,
    dialect_name: 'postgres',
    sql_table_name: base ? `${schema}.${base.table} AS ${base.name}` : null,
    hidden: false,
    fields: {
      dimensions: described.filter((field) => field.category === 'dimension').map(describeField),
      measures: described.filter((field) => field.category === 'measure').map(describeField),
      filters: [],
      parameters: [],
    },
    joins: explore.joins.map((join) => ({ name: join.view, from: join.view, sql_on: `\${${join.foreignKey}} = \${${join.view}.id}`, relationship: 'many_to_one', type: 'left_outer' })),
    always_filter: [],
    access_filters: [],
    errors: [],
    can: {},
  };
}

export function queryJson(query: StoredQuery, origin: string): Record<string, unknown> {
  return {
    ...query.extra,
    ...query.definition,
    id: query.id,
    slug: query.slug,
    client_id: query.slug.slice(0, 22),
    url: `/explore/${query.definition.model}/${query.definition.view}?qid=${query.slug}`,
    share_url: `${origin}/x/${query.slug}`,
    expanded_share_url: `${origin}/explore/${query.definition.model}/${query.definition.view}?qid=${query.slug}`,
    has_table_calculations: false,
    can: { run: true, see_results: true, explore: true, create: true, show: true, cost_estimate: true, index: true, see_lookml: true, see_aggregate_table_lookml: true, see_derived_table_lookml: true, see_sql: true, save: true, generate_drill_links: true, download: true, download_unlimited: true, use_custom_fields: true },
  };
}

export function lookJson(look: Look, query: StoredQuery | undefined, origin: string): Record<string, unknown> {
  return {
    id: look.id,
    title: look.title,
    description: look.description,
    query_id: look.queryId,
    query: query ? queryJson(query, origin) : null,
    model: query ? { id: query.definition.model, label: query.definition.model } : null,
    folder_id: look.folderId,
    folder: { id: look.folderId, name: 'Shared' },
    public: false,
    deleted: false,
    short_url: `/looks/${look.id}`,
    url: `${origin}/looks/${look.id}`,
    can: { run: true, show: true, index: true, download: true },
  };
}

export function planJson(plan: ScheduledPlan): Record<string, unknown> {
  return { ...plan, run_once: false, can: { show: true, update: true, destroy: true, run_once: true } };
}

export function datagroupJson(datagroup: Datagroup): Record<string, unknown> {
  const { staleUntilMs: _hidden, ...visible } = datagroup;
  return { ...visible, can: { show: true, update: true } };
}

export function connectionJson(name: string, config: WarehouseConfig, createdAt: string): Record<string, unknown> {
  const { has_password, ...parts } = describeWarehouse(config);
  return {
    name,
    dialect_name: 'postgres',
    dialect: { name: 'postgres', label: 'PostgreSQL 9.5+', supports_sql_runner: true },
    ...parts,
    schema: config.schema,
    has_password,
    ssl: false,
    verify_ssl: false,
    tmp_db_name: 'looker_scratch',
    jdbc_additional_params: null,
    pdts_enabled: true,
    max_connections: 30,
    db_timezone: 'UTC',
    query_timezone: 'UTC',
    connection_pooling: true,
    pool_timeout: 120,
    created_at: createdAt,
    user_id: null,
    example: false,
    managed: false,
    can: { index: true, show: true, cost_estimate: true, access_data: true, explore: true, refresh_schemas: true, destroy: true, test: true, create: true, update: true },
  };
}
