#!/usr/bin/env bash
# Integrity checks of bench/soak.sh (sourced): what a registry serves, and what airlock's store
# holds on disk. Both print one summary line and write each problem found to a file.

# http_walk HOST:PORT PROBLEMS_FILE: every tag of every repository is pulled by curl: the manifest's
# bytes must hash to the digest the registry names, and every manifest and blob it references must
# be served with bytes that hash to their digest. Prints "tags T manifests M blobs B problems P".
http_walk() {
  local host=$1 problems=$2 base="http://$1/v2" tmp
  tmp=$(mktemp -d)
  : >"$problems"
  local accept="application/vnd.oci.image.index.v1+json,application/vnd.oci.image.manifest.v1+json"
  accept+=",application/vnd.docker.distribution.manifest.list.v2+json"
  accept+=",application/vnd.docker.distribution.manifest.v2+json"
  local repos=() last="" page
  while :; do
    page=$(curl -fsS "$base/_catalog?n=100${last:+&last=$last}" | jq -r '.repositories[]?') || {
      echo "catalog: no answer" >>"$problems"
      break
    }
    [[ -n $page ]] || break
    mapfile -t -O "${#repos[@]}" repos <<<"$page"
    last=${repos[-1]}
  done
  local tags=0 manifests=0 blobs=0
  declare -A seen=() hashed=()
  # check_manifest REPO REF: fetches, checks, recurses; returns nonzero on a problem
  check_manifest() {
    local repo=$1 ref=$2 file="$tmp/m" header digest actual type
    header=$(curl -sS -D - -o "$file" -H "Accept: $accept" -w '%{http_code}' "$base/$repo/manifests/$ref" 2>/dev/null)
    if [[ ${header: -3} != 200 ]]; then
      echo "$repo@$ref: manifest answers ${header: -3}" >>"$problems"
      return
    fi
    manifests=$((manifests + 1))
    digest=$(tr -d '\r' <<<"$header" | awk -F': ' 'tolower($1) == "docker-content-digest" { print $2 }')
    actual="sha256:$(sha256sum <"$file" | cut -c1-64)"
    if [[ $digest != "$actual" ]] || [[ $ref == sha256:* && $ref != "$actual" ]]; then
      echo "$repo@$ref: manifest bytes hash to $actual, served as ${digest:-no digest}" >>"$problems"
    fi
    local children refs d
    children=$(jq -r '.manifests[]?.digest' "$file" 2>/dev/null)
    refs=$(jq -r '.config.digest // empty, .layers[]?.digest' "$file" 2>/dev/null)
    for d in $children; do
      check_manifest "$repo" "$d"
    done
    for d in $refs; do
      [[ -z ${seen[$repo@$d]:-} ]] || continue
      seen[$repo@$d]=1
      blobs=$((blobs + 1))
      local s
      if [[ -n ${hashed[$d]:-} ]]; then
        # its bytes were checked in another repository: here, that it is served at all
        s=$(curl -sS -I -o /dev/null -w '%{http_code}' "$base/$repo/blobs/$d" 2>/dev/null)
        [[ $s == 200 ]] || echo "$repo@$ref: blob $d answers $s" >>"$problems"
        continue
      fi
      s=$(curl -sS -o "$tmp/b" -w '%{http_code}' "$base/$repo/blobs/$d" 2>/dev/null)
      if [[ $s != 200 ]]; then
        echo "$repo@$ref: blob $d answers $s" >>"$problems"
      elif [[ sha256:$(sha256sum <"$tmp/b" | cut -c1-64) != "$d" ]]; then
        echo "$repo@$ref: blob $d served with other bytes" >>"$problems"
      else
        hashed[$d]=1
      fi
    done
  }
  local repo tag
  for repo in "${repos[@]}"; do
    for tag in $(curl -fsS "$base/$repo/tags/list" 2>/dev/null | jq -r '.tags[]?'); do
      tags=$((tags + 1))
      check_manifest "$repo" "$tag"
    done
  done
  rm -rf "$tmp"
  echo "tags $tags manifests $manifests blobs $blobs problems $(wc -l <"$problems")"
}

# store_check STORE PROBLEMS_FILE: airlock's store on disk (the server stopped): every blob file
# hashes to its name; every manifest a repository links is there, and so is everything it
# references (blobs linked in the repository, child manifests linked); every tag points to a linked
# manifest; no temporary file. Prints "blobs B manifests M tags T uploads U tmp F problems P".
store_check() {
  local store=$1 problems=$2
  : >"$problems"
  local blobs
  blobs=$(find "$store/blobs" -type f | wc -l)
  (cd "$store/blobs" && find . -type f -print0 | xargs -0 -r sha256sum) |
    awk '{ n = split($2, p, "/"); if ($1 != p[n] || substr(p[n], 1, 2) != p[n - 1]) print "blob " $2 " does not match its digest (" $1 ")" }' \
      >>"$problems"
  local manifests=0 tags=0 link repo hex d type
  while IFS= read -r -d '' link; do
    manifests=$((manifests + 1))
    repo=${link#"$store/repositories/"}
    repo=${repo%/_manifests/*}
    hex=${link##*/}
    local file="$store/blobs/sha256/${hex:0:2}/$hex"
    if [[ ! -f $file ]]; then
      echo "$repo: manifest sha256:$hex is linked but not stored" >>"$problems"
      continue
    fi
    for d in $(jq -r '.manifests[]?.digest' "$file" 2>/dev/null); do
      [[ -f $store/repositories/$repo/_manifests/sha256/${d#sha256:} ]] ||
        echo "$repo: index sha256:$hex references manifest $d, not linked" >>"$problems"
    done
    for d in $(jq -r '.config.digest // empty, .layers[]?.digest' "$file" 2>/dev/null); do
      local h=${d#sha256:}
      [[ -f $store/blobs/sha256/${h:0:2}/$h ]] ||
        echo "$repo: manifest sha256:$hex references blob $d, not stored" >>"$problems"
      [[ -e $store/repositories/$repo/_blobs/sha256/$h || -e $store/repositories/$repo/_manifests/sha256/$h ]] ||
        echo "$repo: manifest sha256:$hex references blob $d, not linked in the repository" >>"$problems"
    done
  done < <(find "$store/repositories" -path '*/_manifests/sha256/*' -type f -print0)
  while IFS= read -r -d '' link; do
    tags=$((tags + 1))
    repo=${link#"$store/repositories/"}
    repo=${repo%/_tags/*}
    d=$(cat "$link")
    [[ -f $store/repositories/$repo/_manifests/sha256/${d#sha256:} ]] ||
      echo "$repo: tag ${link##*/} points to $d, not linked" >>"$problems"
  done < <(find "$store/repositories" -path '*/_tags/*' -type f -print0)
  local uploads tmpfiles
  uploads=$(find "$store/uploads" -mindepth 1 -maxdepth 1 | wc -l)
  tmpfiles=$(find "$store/tmp" -mindepth 1 | wc -l)
  ((tmpfiles == 0)) || echo "$tmpfiles temporary file(s) left in $store/tmp" >>"$problems"
  find "$store" -name '*.tmp' -o -name '*.partial' | sed 's/^/temporary file left: /' >>"$problems"
  echo "blobs $blobs manifests $manifests tags $tags uploads $uploads tmp $tmpfiles problems $(wc -l <"$problems")"
}
