/** The main navigation, in order (the sidebar on wide screens, the tab bar on phones). */
import { Activity, ClipboardCheck, Gauge, Images, Settings, Workflow, type LucideIcon } from 'lucide-react';
import type { Role } from '../lib/auth';

export interface NavItem {
  to: '/' | '/review' | '/files' | '/jobs' | '/usage' | '/settings';
  label: string;
  icon: LucideIcon;
  /** Who sees it (default: everyone who can log in). */
  roles?: Role[];
}

export const NAV_ITEMS: NavItem[] = [
  { to: '/', label: 'Overview', icon: Gauge },
  { to: '/review', label: 'Review', icon: ClipboardCheck },
  { to: '/files', label: 'Files', icon: Images },
  { to: '/jobs', label: 'Jobs', icon: Workflow },
  { to: '/usage', label: 'Usage', icon: Activity },
  { to: '/settings', label: 'Settings', icon: Settings, roles: ['admin'] },
];

export const navFor = (role: Role): NavItem[] => NAV_ITEMS.filter((i) => !i.roles || i.roles.includes(role));
