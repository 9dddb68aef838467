import { oneOf, searchSchema, text } from '../../lib/search';

export const SETTINGS_TABS = ['integrations', 'prices', 'users', 'backups', 'configuration'] as const;
export type SettingsTab = (typeof SETTINGS_TABS)[number];

/** /settings?tab=configuration&filter=shopify — the open section, and the configuration's filter. */
export const settingsSearch = searchSchema({
  tab: oneOf(SETTINGS_TABS),
  /** Filters the configuration variables by name or value. */
  filter: text(100),
});
export type SettingsSearch = ReturnType<typeof settingsSearch>;
