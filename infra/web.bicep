// The reference frontend (web/ in the repository) as an Azure Static Web App on the Free plan:
// static files only, HTTPS on <name>.azurestaticapps.net, no server code. Its origin is added to
// the API's allowed CORS origins by main.bicep. `azd deploy` uploads the files (the service web of
// azure.yaml, found by its azd-service-name tag) with the Static Web Apps CLI and the app's
// deployment token (see the README, "The frontend").

@description('Location of the static web app; the Free plan is offered in these regions only.')
@allowed([
  'centralus'
  'eastus2'
  'eastasia'
  'westeurope'
  'westus2'
])
param location string

@description('Tags of every resource (azd-env-name).')
param tags object

resource site 'Microsoft.Web/staticSites@2024-04-01' = {
  name: 'stapp-${uniqueString(resourceGroup().id)}'
  location: location
  tags: union(tags, { 'azd-service-name': 'web' })
  sku: {
    name: 'Free'
    tier: 'Free'
  }
  properties: {
    // Deployed by azd (or by hand) with the deployment token, not from a linked repository.
    stagingEnvironmentPolicy: 'Disabled'
    allowConfigFileUpdates: true
  }
}

output name string = site.name
output origin string = 'https://${site.properties.defaultHostname}'
