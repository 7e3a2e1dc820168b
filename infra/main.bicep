// The blog backend on Azure, deployed by `azd up` (azure.yaml at the repository root): the
// resource group rg-<environment> and, in it, everything app.bicep declares. The Event Grid
// subscription of the blob trigger needs the blob extension's webhook key, which exists only
// once the code runs: the post-deploy hook (infra/hooks/postdeploy.*) creates or updates it.

targetScope = 'subscription'

@description('Name of the azd environment; the resource group is rg-<environmentName>.')
@minLength(1)
@maxLength(64)
param environmentName string

@description('Location of every resource.')
@minLength(1)
param location string

@description('Object id of the deploying user (azd sets AZURE_PRINCIPAL_ID); the default author.')
param principalId string = ''

@description('Object ids of the people or groups who publish posts: Storage Blob Data Contributor on the posts container, nothing else.')
param authorPrincipalIds array = empty(principalId) ? [] : [principalId]

@description('Origins allowed to call the API from a browser, comma-separated (https://blog.example.com,https://www.example.com). Required: there is no default.')
@minLength(1)
param allowedOrigins string

@description('Secret that signs list cursors. Generated once per environment by the pre-provision hook and kept in the azd environment (BLOG_CURSOR_KEY): the same value on every deployment.')
@secure()
@minLength(32)
param cursorKey string

@description('NCRONTAB schedule of the daily reconcile (UTC).')
param reconcileSchedule string = '0 30 3 * * *'

@description('Most instances the app may scale out to.')
param maximumInstanceCount int = 40

@description('Location of the frontend\'s static web app (web.bicep lists the regions of its Free plan).')
param webLocation string = 'westeurope'
@description('Addresses that receive a signed POST after every change, comma-separated (BLOG_WEBHOOKS); none by default.')
param webhooks string = ''

@description('Secret that signs the change notifications (BLOG_WEBHOOK_SECRET); required when webhooks are set.')
@secure()
param webhookSecret string = ''

var tags = {
  'azd-env-name': environmentName
}

resource group 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module app 'app.bicep' = {
  name: 'app'
  scope: group
  params: {
    location: location
    tags: tags
    authorPrincipalIds: authorPrincipalIds
    // The frontend's own origin is always allowed, besides those given.
    allowedOrigins: union(map(split(allowedOrigins, ','), origin => trim(origin)), [web.outputs.origin])
    cursorKey: cursorKey
    reconcileSchedule: reconcileSchedule
    maximumInstanceCount: maximumInstanceCount
    webhooks: empty(trim(webhooks)) ? [] : map(split(webhooks, ','), webhook => trim(webhook))
    webhookSecret: webhookSecret
  }
}

// The reference frontend in web/: a static web app.
module web 'web.bicep' = {
  name: 'web'
  scope: group
  params: {
    location: webLocation
    tags: tags
  }
}

// azd puts every output in the environment, where the hooks read them.
output AZURE_LOCATION string = location
output AZURE_RESOURCE_GROUP string = group.name
output AZURE_FUNCTION_APP_NAME string = app.outputs.functionAppName
output API_BASE_URL string = app.outputs.apiBaseUrl
output CONTENT_STORAGE_ACCOUNT string = app.outputs.contentAccountName
output CONTENT_STORAGE_ACCOUNT_ID string = app.outputs.contentAccountId
output POSTS_CONTAINER string = app.outputs.postsContainer
output DEAD_LETTER_CONTAINER string = app.outputs.deadLetterContainer
output EVENT_GRID_SYSTEM_TOPIC string = app.outputs.systemTopicName
output PUBLISH_FUNCTION_NAME string = app.outputs.publishFunctionName
output WEB_APP_NAME string = web.outputs.name
output WEB_URL string = web.outputs.origin
