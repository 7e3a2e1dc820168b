# Runs after `azd deploy`: creates or updates (an ARM PUT, so re-runs are harmless) the Event Grid
# subscription that delivers BlobCreated events of the posts container to the blob trigger.
# It runs after the code is deployed because the webhook's key (the blob extension's system key,
# blobs_extension) exists only once the host has started with the blob trigger.
# Reads the outputs of infra/main.bicep, which azd puts in the environment.
$ErrorActionPreference = 'Stop'

foreach ($name in 'AZURE_SUBSCRIPTION_ID', 'AZURE_RESOURCE_GROUP', 'AZURE_FUNCTION_APP_NAME', 'CONTENT_STORAGE_ACCOUNT_ID',
    'POSTS_CONTAINER', 'DEAD_LETTER_CONTAINER', 'EVENT_GRID_SYSTEM_TOPIC', 'PUBLISH_FUNCTION_NAME') {
    if (-not [Environment]::GetEnvironmentVariable($name)) { throw "$name is not set; run azd provision first." }
}
$group = $env:AZURE_RESOURCE_GROUP
$app = $env:AZURE_FUNCTION_APP_NAME

# The key appears once the host has started; listing the keys wakes it. Up to ~5 minutes.
$key = ''
for ($attempt = 1; -not $key; $attempt++) {
    $key = az functionapp keys list -g $group -n $app --query 'systemKeys.blobs_extension' -o tsv 2>$null
    if (-not $key) {
        if ($attempt -ge 30) { throw "The blobs_extension key of $app did not appear; run 'azd hooks run postdeploy' later." }
        Start-Sleep -Seconds 10
    }
}

$hostName = az functionapp show -g $group -n $app --query defaultHostName -o tsv
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
$body = @{
    properties = @{
        destination = @{
            endpointType = 'WebHook'
            properties = @{ endpointUrl = "https://$hostName/runtime/webhooks/blobs?functionName=$($env:PUBLISH_FUNCTION_NAME)&code=$key" }
        }
        filter = @{
            includedEventTypes = @('Microsoft.Storage.BlobCreated')
            subjectBeginsWith = "/blobServices/default/containers/$($env:POSTS_CONTAINER)/"
        }
        eventDeliverySchema = 'EventGridSchema'
        retryPolicy = @{ maxDeliveryAttempts = 30; eventTimeToLiveInMinutes = 1440 }
        deadLetterWithResourceIdentity = @{
            identity = @{ type = 'SystemAssigned' }
            deadLetterDestination = @{
                endpointType = 'StorageBlob'
                properties = @{ resourceId = $env:CONTENT_STORAGE_ACCOUNT_ID; blobContainerName = $env:DEAD_LETTER_CONTAINER }
            }
        }
    }
} | ConvertTo-Json -Depth 10

# The body goes through a file so the key never appears on a command line.
$file = New-TemporaryFile
try {
    Set-Content -Path $file -Value $body -Encoding utf8
    $url = "https://management.azure.com/subscriptions/$($env:AZURE_SUBSCRIPTION_ID)/resourceGroups/$group/providers/Microsoft.EventGrid/systemTopics/$($env:EVENT_GRID_SYSTEM_TOPIC)/eventSubscriptions/publish-posts?api-version=2025-02-15"
    az rest --method put --url $url --body "@$file" --output none
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
}
finally {
    Remove-Item $file -ErrorAction SilentlyContinue
}
Write-Host "Event Grid subscription publish-posts: BlobCreated in $($env:POSTS_CONTAINER)/ -> $($env:PUBLISH_FUNCTION_NAME) (dead letters in $($env:DEAD_LETTER_CONTAINER))."
