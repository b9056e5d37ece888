#!/usr/bin/env bash
# Posts a pull request comment, or updates the one posted before: the first comment whose body
# starts with the marker. Used by the pull-request workflow's plan-diff and mutation jobs.
#   usage: pr-comment.sh <marker> <markdown file>   (env: GH_TOKEN, REPO, PR)
set -euo pipefail
marker=$1
file=$2
# All marked ids first, then the first of them: a `| head -n1` would close the pipe on gh and,
# under pipefail, fail the step with SIGPIPE whenever there is more than one.
ids="$(gh api --paginate "repos/$REPO/issues/$PR/comments" --jq ".[] | select(.body | startswith(\"$marker\")) | .id")"
id="${ids%%$'\n'*}"
if [ -n "$id" ]; then
  gh api -X PATCH "repos/$REPO/issues/comments/$id" -F "body=@$file" > /dev/null
  echo "updated comment $id"
else
  gh api -X POST "repos/$REPO/issues/$PR/comments" -F "body=@$file" > /dev/null
  echo "created the comment"
fi
