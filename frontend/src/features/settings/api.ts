/** The Settings page's GraphQL documents and the types of what they return. */
import { graphql, type ResultOf } from '../../lib/graphql';

export const SettingsQuery = graphql(`
  query Settings {
    settings {
      configuration { name value secret set }
      connections
      prices { size price }
    }
  }
`);
export type SettingsData = ResultOf<typeof SettingsQuery>['settings'];
export type ConfigVariable = SettingsData['configuration'][number];
export type Price = SettingsData['prices'][number];

export const UsersQuery = graphql(`
  query Users {
    users { id username role createdAt }
  }
`);
export type UserRow = ResultOf<typeof UsersQuery>['users'][number];

export const TestConnection = graphql(`
  mutation TestConnection($service: String!) {
    testConnection(service: $service) { ok detail }
  }
`);
export type ConnectionResult = ResultOf<typeof TestConnection>['testConnection'];

export const UpdatePriceTable = graphql(`
  mutation UpdatePriceTable($prices: [PriceInput!]!, $applyToListed: Boolean) {
    updatePriceTable(prices: $prices, applyToListed: $applyToListed) {
      listingsUpdating
      prices { size price }
    }
  }
`);
export type PriceTableUpdate = ResultOf<typeof UpdatePriceTable>['updatePriceTable'];

export const CreateUser = graphql(`
  mutation CreateUser($username: String!, $password: String!, $role: Role!) {
    createUser(username: $username, password: $password, role: $role) { id username role createdAt }
  }
`);

export const SetPassword = graphql(`
  mutation SetPassword($id: ID!, $password: String!) {
    setPassword(id: $id, password: $password) { id }
  }
`);

export const DeleteUser = graphql(`
  mutation DeleteUser($id: ID!) {
    deleteUser(id: $id)
  }
`);

export const BackupsQuery = graphql(`
  query Backups($first: Int) {
    backupSchedule { supported enabled intervalHours driveFolderSet retentionDays directory }
    backups(first: $first) {
      edges { node { id createdAt fileName trigger status error sizeBytes durationMs localPath driveFileId } }
      pageInfo { hasNextPage }
    }
  }
`);
export type BackupsData = ResultOf<typeof BackupsQuery>;
export type BackupSchedule = BackupsData['backupSchedule'];
export type BackupRow = BackupsData['backups']['edges'][number]['node'];
