#!/bin/sh
# Runs after `azd deploy`: creates or updates (an ARM PUT, so re-runs are harmless) the Event Grid
# subscription that delivers BlobCreated events of the posts container to the blob trigger.
# It runs after the code is deployed because the webhook's key (the blob extension's system key,
# blobs_extension) exists only once the host has started with the blob trigger.
# Reads the outputs of infra/main.bicep, which azd puts in the environment.
set -eu

: "${AZURE_SUBSCRIPTION_ID:?}" "${AZURE_RESOURCE_GROUP:?}" "${AZURE_FUNCTION_APP_NAME:?}"
: "${CONTENT_STORAGE_ACCOUNT_ID:?}" "${POSTS_CONTAINER:?}" "${DEAD_LETTER_CONTAINER:?}"
: "${EVENT_GRID_SYSTEM_TOPIC:?}" "${PUBLISH_FUNCTION_NAME:?}"

# The key appears once the host has started; listing the keys wakes it. Up to ~5 minutes.
key=""
attempt=0
while [ -z "$key" ]; do
  key=$(az functionapp keys list -g "$AZURE_RESOURCE_GROUP" -n "$AZURE_FUNCTION_APP_NAME" \
    --query "systemKeys.blobs_extension" -o tsv 2>/dev/null || true)
  if [ -z "$key" ]; then
    attempt=$((attempt + 1))
    if [ "$attempt" -ge 30 ]; then
      echo "The blobs_extension key of $AZURE_FUNCTION_APP_NAME did not appear; run 'azd hooks run postdeploy' later." >&2
      exit 1
    fi
    sleep 10
  fi
done

host=$(az functionapp show -g "$AZURE_RESOURCE_GROUP" -n "$AZURE_FUNCTION_APP_NAME" --query defaultHostName -o tsv)
endpoint="https://$host/runtime/webhooks/blobs?functionName=$PUBLISH_FUNCTION_NAME&code=$key"

# The body goes through a file so the key never appears on a command line.
body=$(mktemp)
trap 'rm -f "$body"' EXIT
cat > "$body" <<JSON
{
  "properties": {
    "destination": {
      "endpointType": "WebHook",
      "properties": { "endpointUrl": "$endpoint" }
    },
    "filter": {
      "includedEventTypes": [ "Microsoft.Storage.BlobCreated" ],
      "subjectBeginsWith": "/blobServices/default/containers/$POSTS_CONTAINER/"
    },
    "eventDeliverySchema": "EventGridSchema",
    "retryPolicy": { "maxDeliveryAttempts": 30, "eventTimeToLiveInMinutes": 1440 },
    "deadLetterWithResourceIdentity": {
      "identity": { "type": "SystemAssigned" },
      "deadLetterDestination": {
        "endpointType": "StorageBlob",
        "properties": { "resourceId": "$CONTENT_STORAGE_ACCOUNT_ID", "blobContainerName": "$DEAD_LETTER_CONTAINER" }
      }
    }
  }
}
JSON

az rest --method put \
  --url "https://management.azure.com/subscriptions/$AZURE_SUBSCRIPTION_ID/resourceGroups/$AZURE_RESOURCE_GROUP/providers/Microsoft.EventGrid/systemTopics/$EVENT_GRID_SYSTEM_TOPIC/eventSubscriptions/publish-posts?api-version=2025-02-15" \
  --body "@$body" --output none
echo "Event Grid subscription publish-posts: BlobCreated in $POSTS_CONTAINER/ -> $PUBLISH_FUNCTION_NAME (dead letters in $DEAD_LETTER_CONTAINER)."
