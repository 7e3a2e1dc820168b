// The blog backend on Azure: a Flex Consumption function app (Linux, .NET 10 isolated) that
// reaches its storage account through a user-assigned managed identity only (no account keys),
// Application Insights on a Log Analytics workspace, and the Event Grid subscription that
// delivers BlobCreated events of the posts container to the blob trigger.
//
// Two steps, because the blob trigger's webhook key exists only once the app's code runs:
//   1. az deployment group create -g <group> -f infra/main.bicep -p cursorKey=<secret>
//      then publish the app (cd src/Blog.Functions && func azure functionapp publish <functionAppName>)
//   2. az deployment group create -g <group> -f infra/main.bicep -p cursorKey=<secret> subscribeToBlobEvents=true

targetScope = 'resourceGroup'

@description('Location of every resource.')
param location string = resourceGroup().location

@description('Base name; resource names are derived from it.')
@minLength(3)
@maxLength(12)
param appName string = 'blog'

@description('Origins allowed to call the API from a browser.')
param allowedOrigins array = ['*']

@description('NCRONTAB schedule of the daily reconcile (UTC).')
param reconcileSchedule string = '0 30 3 * * *'

@description('Secret that signs list cursors. Pass the same value on every deployment (a new one is generated when omitted, which invalidates cursors handed out before).')
@secure()
param cursorKey string = newGuid()

@description('Subscribe the blob trigger to the posts container (after the code is published).')
param subscribeToBlobEvents bool = false

@description('Most instances the app may scale out to.')
param maximumInstanceCount int = 40

var suffix = uniqueString(resourceGroup().id, appName)
var storageName = take(toLower('st${appName}${suffix}'), 24)
var functionAppName = 'func-${appName}-${suffix}'
var deploymentContainer = 'app-package'
var postsContainer = 'posts'

// Built-in role definition ids.
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-${appName}-${suffix}'
  location: location
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageName
  location: location
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
  }

  resource blobs 'blobServices' = {
    name: 'default'

    resource posts 'containers' = {
      name: postsContainer
    }

    resource rendered 'containers' = {
      name: 'rendered'
    }

    resource packages 'containers' = {
      name: deploymentContainer
    }
  }

  resource tables 'tableServices' = {
    name: 'default'

    resource index 'tables' = {
      name: 'blog'
    }

    resource searchIndex 'tables' = {
      name: 'blogsearch'
    }
  }
}

resource storageRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in [roles.storageBlobDataOwner, roles.storageQueueDataContributor, roles.storageTableDataContributor]: {
  name: guid(storage.id, identity.id, role)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}]

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'log-${appName}-${suffix}'
  location: location
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-${appName}-${suffix}'
  location: location
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
  name: 'plan-${appName}-${suffix}'
  location: location
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: functionAppName
  location: location
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      minTlsVersion: '1.2'
      cors: {
        allowedOrigins: allowedOrigins
      }
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainer}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
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
    storageRoles
  ]

  resource settings 'config' = {
    name: 'appsettings'
    properties: {
      // The host's own storage, identity-based.
      AzureWebJobsStorage__accountName: storage.name
      AzureWebJobsStorage__credential: 'managedidentity'
      AzureWebJobsStorage__clientId: identity.properties.clientId
      // The blog's storage: the one connection name used by the trigger and the clients.
      BlogStorage__blobServiceUri: storage.properties.primaryEndpoints.blob
      BlogStorage__queueServiceUri: storage.properties.primaryEndpoints.queue
      BlogStorage__tableServiceUri: storage.properties.primaryEndpoints.table
      BlogStorage__credential: 'managedidentity'
      BlogStorage__clientId: identity.properties.clientId
      APPLICATIONINSIGHTS_CONNECTION_STRING: insights.properties.ConnectionString
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identity.properties.clientId};Authorization=AAD'
      Blog__PostsContainer: postsContainer
      Blog__TableName: 'blog'
      Blog__CursorKey: cursorKey
      Blog__SiteUrl: 'https://${functionAppName}.azurewebsites.net/'
      ReconcileSchedule: reconcileSchedule
    }
  }
}

// Event Grid is the only blob trigger source on Flex Consumption: a system topic on the
// account and a subscription for BlobCreated in the posts container.
resource storageEvents 'Microsoft.EventGrid/systemTopics@2024-06-01-preview' = {
  name: 'evgt-${appName}-${suffix}'
  location: location
  properties: {
    source: storage.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

resource blobCreated 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2024-06-01-preview' = if (subscribeToBlobEvents) {
  parent: storageEvents
  name: 'publish-posts'
  properties: {
    destination: {
      endpointType: 'WebHook'
      properties: {
        endpointUrl: 'https://${app.properties.defaultHostName}/runtime/webhooks/blobs?functionName=Host.Functions.PublishArticleFunction&code=${listKeys('${app.id}/host/default', '2024-04-01').systemKeys.blobs_extension}'
      }
    }
    filter: {
      includedEventTypes: [
        'Microsoft.Storage.BlobCreated'
      ]
      subjectBeginsWith: '/blobServices/default/containers/${postsContainer}/'
    }
    eventDeliverySchema: 'EventGridSchema'
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
  }
}

output functionAppName string = app.name
output apiBaseUrl string = 'https://${app.properties.defaultHostName}/api'
output storageAccountName string = storage.name
output postsContainer string = postsContainer
