// The resources of one environment (main.bicep creates the group and passes the parameters).
//
// Three identities, so that no connection the app is configured with can reach what it does not
// use:
//   - the runtime identity (AzureWebJobsStorage, BlogStorage, Application Insights): the host's
//     azure-webjobs-hosts container (locks, timer status, blob trigger receipts) and its blob
//     trigger queue on the host account; on the content account the posts container (read), the
//     rendered container and the two index tables (write), and the blob trigger's poison queue.
//   - the deployment identity: writes and reads the app-package container, nothing else. Flex
//     Consumption uses it to store the package azd publishes and to load it on every instance.
//   - the key store identity: the host's access keys live in a Key Vault of their own
//     (AzureWebJobsSecretStorageType=keyvault), which only this identity may read and write.
// Two storage accounts, neither with shared keys: the host account (package, host storage) and
// the content account. Every storage grant is scoped to one container, table or queue.

@description('Location of every resource.')
param location string

@description('Tags of every resource (azd-env-name).')
param tags object

@description('Object ids granted Storage Blob Data Contributor on the posts container.')
param authorPrincipalIds array

@description('Origins allowed to call the API from a browser.')
@minLength(1)
param allowedOrigins array

@description('Secret that signs list cursors.')
@secure()
param cursorKey string

@description('NCRONTAB schedule of the daily reconcile (UTC).')
param reconcileSchedule string

@description('Most instances the app may scale out to.')
param maximumInstanceCount int

@description('Addresses that receive a signed POST after every change (Blog__Webhooks__0, ...); none by default.')
param webhooks array = []

@description('Secret that signs the change notifications; required when webhooks are set.')
@secure()
param webhookSecret string = ''

var suffix = uniqueString(resourceGroup().id)
var functionAppName = 'func-blog-${suffix}'
// The host id, pinned (AzureFunctionsWebHost__hostid) to what the host would derive from the
// site name, so that the name of the host's blob trigger queue is known here and can be granted.
var hostId = toLower(take(functionAppName, 32))
var deploymentContainer = 'app-package'
// The host's own blobs: locks, timer schedule status, blob trigger receipts.
var hostContainer = 'azure-webjobs-hosts'
// Where the blob trigger's webhook queues each blob for the function (on AzureWebJobsStorage).
var hostTriggerQueue = 'azure-webjobs-blobtrigger-${hostId}'
var postsContainer = 'posts'
var renderedContainer = 'rendered'
var deadLetterContainer = 'deadletter'
var indexTable = 'blog'
var searchTable = 'blogsearch'
// Where the blob trigger puts a blob that failed every retry: a queue of the trigger's connection.
var poisonQueue = 'webjobs-blobtrigger-poison'
// The change notifications still to deliver, and (its poison queue) those given up on.
var notificationQueue = 'blog-notifications'
var notificationPoisonQueue = 'blog-notifications-poison'

// Built-in role definition ids.
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  storageBlobDataReader: '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  keyVaultSecretsOfficer: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}

var storageProperties = {
  allowBlobPublicAccess: false
  allowSharedKeyAccess: false
  minimumTlsVersion: 'TLS1_2'
  supportsHttpsTrafficOnly: true
}

// The runtime identity: every connection of the host and of the app's code.
resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-blog-${suffix}'
  location: location
  tags: tags
}

// The platform's identity for the deployment package.
resource deploymentIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-blog-deploy-${suffix}'
  location: location
  tags: tags
}

// The host's identity for its key store.
resource keyStoreIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-blog-keys-${suffix}'
  location: location
  tags: tags
}

resource hostStorage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: take('sthost${suffix}', 24)
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: storageProperties

  resource blobs 'blobServices' = {
    name: 'default'

    resource packages 'containers' = {
      name: deploymentContainer
    }

    // Created here: a grant scoped to a container cannot create it.
    resource hosts 'containers' = {
      name: hostContainer
    }
  }

  resource queues 'queueServices' = {
    name: 'default'

    resource blobTrigger 'queues' = {
      name: hostTriggerQueue
    }
  }
}

// The host's access keys (function, host, master and the blob extension's system key, which the
// Event Grid subscription calls the webhook with): read and written by the host through the key
// store identity only. Access by Entra ID roles, no access policies.
resource keyStore 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: 'kv-blog-${suffix}'
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
  }
}

resource contentStorage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: take('stblog${suffix}', 24)
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: storageProperties

  resource blobs 'blobServices' = {
    name: 'default'

    resource posts 'containers' = {
      name: postsContainer
    }

    resource rendered 'containers' = {
      name: renderedContainer
    }

    resource deadLetters 'containers' = {
      name: deadLetterContainer
    }
  }

  resource tables 'tableServices' = {
    name: 'default'

    resource index 'tables' = {
      name: indexTable
    }

    resource search 'tables' = {
      name: searchTable
    }
  }

  resource queues 'queueServices' = {
    name: 'default'

    resource poison 'queues' = {
      name: poisonQueue
    }

    resource notifications 'queues' = {
      name: notificationQueue
    }

    resource notificationsPoison 'queues' = {
      name: notificationPoisonQueue
    }
  }
}

// The host's storage (AzureWebJobsStorage): its blobs in azure-webjobs-hosts and the queue its
// blob trigger dispatches through. Nothing on the package container, no key store.
resource hostBlobOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(hostStorage::blobs::hosts.id, identity.id, roles.storageBlobDataOwner)
  scope: hostStorage::blobs::hosts
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataOwner)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource hostQueueContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(hostStorage::queues::blobTrigger.id, identity.id, roles.storageQueueDataContributor)
  scope: hostStorage::queues::blobTrigger
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageQueueDataContributor)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// The package: the platform writes it when azd publishes and reads it when an instance starts.
resource packageContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(hostStorage::blobs::packages.id, deploymentIdentity.id, roles.storageBlobDataContributor)
  scope: hostStorage::blobs::packages
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataContributor)
    principalId: deploymentIdentity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// The keys: the host creates, reads, renews and deletes them (get, list, set, delete).
resource keyStoreOfficer 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(keyStore.id, keyStoreIdentity.id, roles.keyVaultSecretsOfficer)
  scope: keyStore
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsOfficer)
    principalId: keyStoreIdentity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// The content: the app reads posts (the trigger keeps its receipts in the host's storage),
// writes rendered HTML and the index tables, and may put a blob name on the poison queue.
resource postsReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(contentStorage::blobs::posts.id, identity.id, roles.storageBlobDataReader)
  scope: contentStorage::blobs::posts
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataReader)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource renderedContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(contentStorage::blobs::rendered.id, identity.id, roles.storageBlobDataContributor)
  scope: contentStorage::blobs::rendered
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataContributor)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource indexContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(contentStorage::tables::index.id, identity.id, roles.storageTableDataContributor)
  scope: contentStorage::tables::index
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageTableDataContributor)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource searchContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(contentStorage::tables::search.id, identity.id, roles.storageTableDataContributor)
  scope: contentStorage::tables::search
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageTableDataContributor)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource poisonQueueContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(contentStorage::queues::poison.id, identity.id, roles.storageQueueDataContributor)
  scope: contentStorage::queues::poison
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageQueueDataContributor)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// Change notifications: the app queues them, its queue trigger takes them, and it keeps those given up on.
resource notificationsContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(contentStorage::queues::notifications.id, identity.id, roles.storageQueueDataContributor)
  scope: contentStorage::queues::notifications
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageQueueDataContributor)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource notificationsPoisonContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(contentStorage::queues::notificationsPoison.id, identity.id, roles.storageQueueDataContributor)
  scope: contentStorage::queues::notificationsPoison
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageQueueDataContributor)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// Authors: write posts, nothing else.
resource authors 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for author in authorPrincipalIds: {
  name: guid(contentStorage::blobs::posts.id, author, roles.storageBlobDataContributor)
  scope: contentStorage::blobs::posts
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataContributor)
    principalId: author
  }
}]

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'log-blog-${suffix}'
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-blog-${suffix}'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
    DisableLocalAuth: true
  }
}

resource insightsRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(insights.id, identity.id, roles.monitoringMetricsPublisher)
  scope: insights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: 'plan-blog-${suffix}'
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

// The app's own CORS settings mirror the platform's (Blog__AllowedOrigins__0, __1, ...).
var originSettings = toObject(range(0, length(allowedOrigins)), i => 'Blog__AllowedOrigins__${i}', i => allowedOrigins[i])
// Change notifications (Blog__Webhooks__0, __1, ...); the secret is set only with them.
var webhookSettings = union(
  toObject(range(0, length(webhooks)), i => 'Blog__Webhooks__${i}', i => webhooks[i]),
  empty(webhooks) ? {} : { Blog__WebhookSecret: webhookSecret })

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: functionAppName
  location: location
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
      '${deploymentIdentity.id}': {}
      '${keyStoreIdentity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      cors: {
        allowedOrigins: allowedOrigins
      }
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${hostStorage.properties.primaryEndpoints.blob}${deploymentContainer}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: deploymentIdentity.id
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: 2048
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
  dependsOn: [
    hostBlobOwner
    hostQueueContributor
    packageContributor
    keyStoreOfficer
  ]

  resource settings 'config' = {
    name: 'appsettings'
    properties: union(originSettings, webhookSettings, {
      // The host's own storage, identity-based.
      AzureWebJobsStorage__accountName: hostStorage.name
      AzureWebJobsStorage__credential: 'managedidentity'
      AzureWebJobsStorage__clientId: identity.properties.clientId
      AzureFunctionsWebHost__hostid: hostId
      // The host's keys: in the key store, through its own identity.
      AzureWebJobsSecretStorageType: 'keyvault'
      AzureWebJobsSecretStorageKeyVaultUri: keyStore.properties.vaultUri
      AzureWebJobsSecretStorageKeyVaultClientId: keyStoreIdentity.properties.clientId
      // The blog's content: the one connection name used by the trigger and the clients.
      BlogStorage__blobServiceUri: contentStorage.properties.primaryEndpoints.blob
      BlogStorage__queueServiceUri: contentStorage.properties.primaryEndpoints.queue
      BlogStorage__tableServiceUri: contentStorage.properties.primaryEndpoints.table
      BlogStorage__credential: 'managedidentity'
      BlogStorage__clientId: identity.properties.clientId
      APPLICATIONINSIGHTS_CONNECTION_STRING: insights.properties.ConnectionString
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identity.properties.clientId};Authorization=AAD'
      Blog__PostsContainer: postsContainer
      Blog__HtmlContainer: renderedContainer
      Blog__TableName: indexTable
      Blog__SearchTableName: searchTable
      Blog__CursorKey: cursorKey
      Blog__NotificationQueue: notificationQueue
      Blog__SiteUrl: 'https://${functionAppName}.azurewebsites.net/'
      ReconcileSchedule: reconcileSchedule
    })
  }

  // No FTP and no basic-auth deployment: azd deploys with Entra ID.
  resource ftp 'basicPublishingCredentialsPolicies' = {
    name: 'ftp'
    properties: {
      allow: false
    }
  }

  resource scm 'basicPublishingCredentialsPolicies' = {
    name: 'scm'
    properties: {
      allow: false
    }
  }
}

// Event Grid is the only blob trigger source on Flex Consumption: the system topic on the
// content account. Its identity writes undeliverable events to the dead-letter container (the
// account takes no shared keys); the post-deploy hook creates the subscription itself.
resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: 'evgt-blog-${suffix}'
  location: location
  tags: tags
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    source: contentStorage.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

resource deadLetterWriter 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(contentStorage::blobs::deadLetters.id, systemTopic.id, roles.storageBlobDataContributor)
  scope: contentStorage::blobs::deadLetters
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataContributor)
    principalId: systemTopic.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

output functionAppName string = app.name
output apiBaseUrl string = 'https://${app.properties.defaultHostName}/api'
output contentAccountName string = contentStorage.name
output contentAccountId string = contentStorage.id
output postsContainer string = postsContainer
output deadLetterContainer string = deadLetterContainer
output systemTopicName string = systemTopic.name
output publishFunctionName string = 'Host.Functions.PublishArticleFunction'
