/** The shared primitives. Pages import from here: `import { Button, Card } from '../../components/ui'`. */
export { Badge, TONE_CLASS, DOT_CLASS, type BadgeProps } from './Badge';
export { Button, buttonClass, type ButtonProps } from './Button';
export { Card, CardBody, CardHeader } from './Card';
export { ConfirmDialog, Dialog, type ConfirmDialogProps, type DialogProps } from './Dialog';
export { EmptyState } from './EmptyState';
export { ErrorState } from './ErrorState';
export { Field, Label, type FieldControlProps } from './Field';
export { Input, Textarea, fieldControlClass } from './Input';
export { PageHeader } from './PageHeader';
export { RelativeTime } from './RelativeTime';
export { Skeleton, SkeletonRows } from './Skeleton';
export { Spinner } from './Spinner';
export { StatusBadge, statusLook } from './StatusBadge';
export { Table, TBody, Td, Th, THead, Tr } from './Table';
export { TabPanel, Tabs, type TabItem } from './Tabs';
export { ToastProvider, useToast, type ToastInput } from './Toast';
export { Tooltip, TooltipProvider } from './Tooltip';
