#!/usr/bin/env python3
"""A Kubernetes API server stand-in for rollwatch's end-to-end tests.

It listens on 127.0.0.1 only and serves just enough of the API for the real
kubectl: discovery, list (whole, or in pages with `limit` and `continue`, whose
tokens expire with a compaction: 410), get, and watch from a resourceVersion with
label and field selectors, for namespaced and all-namespace paths. A scenario file plays
a timeline of object changes; the server can end every watch after N seconds
(as real API servers do every 30-60 minutes) and answer 410 Gone after a
compaction, so rollwatch's restart and reconcile logic meets the real thing.

Scenario (JSON):
  {"initial": [object, ...],                 objects present from the start
   "steps": [{"at": seconds, "op": ...}, ...],
   "watchSeconds": 5,                        end every watch after this long (0: never)
   "disable": ["endpointslices"],            resources answered with 404
   "rawBytes": {"@@BAD@@": "fffe"},          every response has the token replaced by these
                                             bytes (hex): invalid UTF-8 no JSON encoder writes
   "forbid": ["pods"],                       lists and watches answered 403 Forbidden
   "hang": ["pods"],                         lists and watches accepted and never answered
   "garbageLists": ["pods"]}                 lists answered 200 with an HTML error page

Step ops:
  {"op": "apply", "object": {...}}           create or replace (kind picks the resource)
  {"op": "patch", "resource": "pods", "namespace": ns, "name": n, "merge": {...}}
                                             deep-merge into the stored object
  {"op": "delete", "resource": "pods", "namespace": ns, "name": n}
  {"op": "compact"}                          forget history; open watches get 410 and end
  {"op": "endWatches"}                       end every open watch now
  {"op": "dropWatches"}                      cut every open watch's connection (no last chunk)
  {"op": "garbage", "resource": "pods", "text": "..."}
                                             write text that is not JSON into open watches
  {"op": "forbid"|"allow"|"hang"|"answer", "resource": "pods"}
                                             start or stop refusing, or ignoring, requests
  {"op": "churn", "rate": 1000, "seconds": 60}
                                             load: flip the readiness of pod after pod, `rate`
                                             changes a second for `seconds` (later steps wait)
  {"op": "rollout", "from": "web-r1", "to": "web-r2", "revision": 2, "seconds": 30}
                                             a rolling update: ReplicaSet `to` (a copy of `from`
                                             at `revision`), then each pod of `from` replaced by
                                             one of `to` (its name's prefix swapped), evenly over
                                             `seconds`, and `from` deleted (later steps wait)
  {"op": "log", "namespace": ns, "pod": p, "container": c, "line": "text"}
                                             the container writes a line now, stamped with this
                                             wall clock as the kubelet stamps (RFC 3339 nano);
                                             "lines": [...] instead writes several at one instant
                                             (one stamp); kept for the container's current
                                             instance (its restartCount); `{now-0.8}` in a line
                                             is the wall time 0.8 s before, as Envoy's START_TIME
  {"op": "logLoad", "rate": 1000, "seconds": 60, "container": "istio-proxy"}
                                             load: every running pod's container writes access-log
                                             lines in turn, `rate` lines a second in all for
                                             `seconds` (later steps wait); one in ten is a 503 UF;
                                             each request id is new
  {"op": "endLogs"}                          end every open log follow now (as a kubelet or a
                                             proxy in between may): the body ends, cleanly

Pod logs: GET /api/v1/namespaces/NS/pods/NAME/log with container, follow, timestamps
and sinceTime (whole seconds, as the API server passes it on to the kubelet), chunked
while following. While the container has not started it answers 400 BadRequest in the
kubelet's words (`container "C" in pod "P" is waiting to start: REASON`, REASON from its
containerStatuses' waiting state, or ContainerCreating / PodInitializing when it has no
status yet, as the kubelet's own status says); 404 NotFound for a pod that does not
exist. A follow ends when the pod is deleted (or replaced by one of another uid), when
the container's restartCount changes or it terminates, and on endLogs.

The timeline clock starts at the first request for a list or watch of pods, so
a client always sees the initial state first. Usage:

  standin.py --scenario FILE [--port 0] [--kubeconfig OUT] [--namespace NS]

prints "listening on PORT" once ready. GET /__standin/state returns every
stored object; GET /__standin/done answers 200 once the timeline has finished;
GET /__standin/requests counts the list and watch requests per resource ("pods
list" once per list, "pods pages" for its further pages), the watch events
sent ("pods sent"), and the pod log requests ("logs", of which "logs 400" were
refused as not started and "logs 404" found no pod).
"""

import argparse
import calendar
import copy
import json
import re
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

RESOURCES = {
    # resource: (group, version, kind, namespaced)
    "pods": ("", "v1", "Pod", True),
    "services": ("", "v1", "Service", True),
    "endpoints": ("", "v1", "Endpoints", True),
    "events": ("", "v1", "Event", True),
    "namespaces": ("", "v1", "Namespace", False),
    "endpointslices": ("discovery.k8s.io", "v1", "EndpointSlice", True),
    "deployments": ("apps", "v1", "Deployment", True),
    "replicasets": ("apps", "v1", "ReplicaSet", True),
    "statefulsets": ("apps", "v1", "StatefulSet", True),
    "daemonsets": ("apps", "v1", "DaemonSet", True),
}
KIND_TO_RESOURCE = {kind: res for res, (_, _, kind, _) in RESOURCES.items()}


def merge(into, patch):
    """JSON merge patch (RFC 7386): null deletes, objects merge, the rest replaces."""
    for key, value in patch.items():
        if value is None:
            into.pop(key, None)
        elif isinstance(value, dict) and isinstance(into.get(key), dict):
            merge(into[key], value)
        else:
            into[key] = copy.deepcopy(value)


class LabelSelector:
    """Kubernetes label selector syntax: a=b, a==b, a!=b, a in (x,y), a notin (x), a, !a."""

    TERM = re.compile(r"\s*(!?)([A-Za-z0-9._/-]+)\s*(?:(==|=|!=)\s*([A-Za-z0-9._-]*)|\s+(in|notin)\s*\(([^)]*)\))?\s*")

    def __init__(self, text):
        self.terms = []
        text = text or ""
        for part in self._split(text):
            match = self.TERM.fullmatch(part)
            if not match:
                raise ValueError("unable to parse requirement: " + part)
            negate, key, op, value, setop, values = match.groups()
            if op:
                self.terms.append((key, "!=" if op == "!=" else "=", {value}))
            elif setop:
                self.terms.append((key, setop, {v.strip() for v in values.split(",") if v.strip()}))
            else:
                self.terms.append((key, "!exists" if negate else "exists", None))

    @staticmethod
    def _split(text):
        parts, depth, current = [], 0, ""
        for char in text:
            if char == "(":
                depth += 1
            elif char == ")":
                depth -= 1
            if char == "," and depth == 0:
                parts.append(current)
                current = ""
            else:
                current += char
        if current.strip():
            parts.append(current)
        return parts

    def matches(self, labels):
        labels = labels or {}
        for key, op, values in self.terms:
            present = key in labels
            if op == "=" and labels.get(key) not in values:
                return False
            if op == "!=" and present and labels[key] in values:
                return False
            if op == "in" and labels.get(key) not in values:
                return False
            if op == "notin" and present and labels[key] in values:
                return False
            if op == "exists" and not present:
                return False
            if op == "!exists" and present:
                return False
        return True


class FieldSelector:
    """Only what kubectl users ask of these resources: metadata.name and metadata.namespace."""

    def __init__(self, text):
        self.terms = []
        for part in filter(None, (text or "").split(",")):
            key, op, value = re.fullmatch(r"([a-zA-Z.]+)(==|=|!=)(.*)", part).groups()
            self.terms.append((key, op == "!=", value))

    def matches(self, obj):
        meta = obj.get("metadata", {})
        for key, negate, value in self.terms:
            actual = {"metadata.name": meta.get("name"), "metadata.namespace": meta.get("namespace")}.get(key)
            if (actual == value) == negate:
                return False
        return True


class Cluster:
    """Objects, resourceVersions, watch history and the scenario clock, behind one lock."""

    def __init__(self, scenario):
        self.lock = threading.Condition()
        self.rv = 100
        self.objects = {res: {} for res in RESOURCES}
        self.history = []  # (rv, resource, type, object)
        self.compacted_rv = 0
        self.generation = 0  # bumped to end every open watch
        self.expired_generation = 0  # the generation whose end is a 410
        self.watch_seconds = float(scenario.get("watchSeconds", 0))
        self.disabled = set(scenario.get("disable", []))
        self.forbidden = set(scenario.get("forbid", []))
        self.hanging = set(scenario.get("hang", []))
        self.garbage_lists = set(scenario.get("garbageLists", []))
        self.garbage = []  # (resource, text) written into watches, append-only
        self.drop_generation = 0  # bumped to cut every open watch
        self.requests = {}  # "pods list" / "pods pages" / "pods watch" -> count
        self.snapshots = {}  # continue-token snapshot id -> (rv, items) of a paged list
        self.raw_bytes = [(token.encode(), bytes.fromhex(value)) for token, value in scenario.get("rawBytes", {}).items()]
        self.logs = {}  # (namespace, pod, container) -> [(stamp ns, instance, text)], append-only
        self.logs_generation = 0  # bumped to end every open log follow
        self.steps = sorted(scenario.get("steps", []), key=lambda s: s["at"])
        self.started = None
        self.finished = threading.Event()
        for obj in scenario.get("initial", []):
            self._apply(obj)
        self.compacted_rv = 0

    def start_clock(self):
        with self.lock:
            if self.started is not None:
                return
            self.started = time.monotonic()
        threading.Thread(target=self._play, daemon=True).start()

    def _play(self):
        for step in self.steps:
            delay = self.started + step["at"] - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            with self.lock:
                self._run(step)
                self.lock.notify_all()
        self.finished.set()

    def _run(self, step):
        op = step["op"]
        if op == "apply":
            self._apply(step["object"])
        elif op == "patch":
            current = self.objects[step["resource"]].get((step.get("namespace", ""), step["name"]))
            if current is not None:
                updated = copy.deepcopy(current)
                merge(updated, step["merge"])
                self._apply(updated)
        elif op == "delete":
            self._delete(step["resource"], step.get("namespace", ""), step["name"])
        elif op == "compact":
            self.compacted_rv = self.rv + 1
            self.history.clear()
            self.generation += 1
            self.expired_generation = self.generation
        elif op == "endWatches":
            self.generation += 1
        elif op == "churn":
            self._churn(step["rate"], step["seconds"])
        elif op == "rollout":
            self._rollout(step["from"], step["to"], step["revision"], step["seconds"])
        elif op == "dropWatches":
            self.drop_generation += 1
        elif op == "garbage":
            self.garbage.append((step["resource"], step["text"]))
        elif op in ("forbid", "allow"):
            (self.forbidden.add if op == "forbid" else self.forbidden.discard)(step["resource"])
        elif op == "log":
            self._log(step)
        elif op == "logLoad":
            self._log_load(step["rate"], step["seconds"], step.get("container", "istio-proxy"))
        elif op == "endLogs":
            self.logs_generation += 1
        elif op in ("hang", "answer"):
            (self.hanging.add if op == "hang" else self.hanging.discard)(step["resource"])
        else:
            raise ValueError("unknown op " + op)

    def _churn(self, rate, seconds):
        """Called with the lock held; releases it between batches so watches can send."""
        pods = sorted(self.objects["pods"])
        start, done, tick = time.monotonic(), 0, 0.01
        while True:
            elapsed = time.monotonic() - start
            due = min(int(rate * elapsed), int(rate * seconds)) - done
            for _ in range(due):
                key = pods[done % len(pods)]
                done += 1
                current = self.objects["pods"].get(key)
                if current is None:
                    continue
                status = copy.deepcopy(current.get("status", {}))
                ready = not any(c.get("type") == "Ready" and c.get("status") == "True" for c in status.get("conditions", []))
                for condition in status.get("conditions", []):
                    if condition.get("type") in ("Ready", "ContainersReady"):
                        condition["status"] = "True" if ready else "False"
                for container in status.get("containerStatuses", [])[:1]:
                    container["ready"] = ready
                self._apply(dict(current, status=status), shallow=True)
            self.lock.notify_all()
            if elapsed >= seconds:
                return
            self.lock.wait(timeout=tick)

    def _log_load(self, rate, seconds, container):
        """Called with the lock held; releases it between batches so log follows can send.
        Lines go round the pods whose container runs, in Istio's TEXT format, inbound."""
        pods = [key for key, pod in sorted(self.objects["pods"].items())
                if "running" in container_status(pod, container).get("state", {})]
        start, done, tick = time.monotonic(), 0, 0.01
        while pods:
            elapsed = time.monotonic() - start
            due = min(int(rate * elapsed), int(rate * seconds)) - done
            stamp = time.time_ns()
            for _ in range(due):
                namespace, name = pods[done % len(pods)]
                pod = self.objects["pods"].get((namespace, name))
                done += 1
                if pod is None:
                    continue
                ip = pod.get("status", {}).get("podIP", "10.0.0.1")
                code, flags = (503, "UF") if done % 10 == 0 else (200, "-")
                text = (f'[{{now-0.3}}] "GET /api/cart HTTP/1.1" {code} {flags} via_upstream - "-" 0 91 2 - "-" "load" '
                        f'"load-{done}" "shop.example.com" "{ip}:8080" inbound|8080|| 127.0.0.6:41000 {ip}:8080 '
                        f'10.8.2.5:40000 outbound_.8080_._.checkout.shop.svc.cluster.local default')
                instance = container_status(pod, container).get("restartCount", 0)
                self.logs.setdefault((namespace, name, container), []).append((stamp, instance, access_log_times(text, stamp)))
            self.requests["log lines"] = done
            self.lock.notify_all()
            if elapsed >= seconds:
                return
            self.lock.wait(timeout=tick)

    def _rollout(self, old, new, revision, seconds):
        """Called with the lock held; releases it between replacements, as _churn does."""
        replica_sets = self.objects["replicasets"]
        old_key = next((key for key in replica_sets if key[1] == old), None)
        if old_key is not None:
            replica_set = copy.deepcopy(replica_sets[old_key])
            replica_set["metadata"] = {k: v for k, v in replica_set["metadata"].items()
                                       if k not in ("uid", "resourceVersion", "creationTimestamp")}
            replica_set["metadata"]["name"] = new
            replica_set["metadata"].setdefault("annotations", {})["deployment.kubernetes.io/revision"] = str(revision)
            replica_set["metadata"].setdefault("labels", {})["pod-template-hash"] = new.split("-")[-1]
            self._apply(replica_set)
        pods = sorted(key for key, pod in self.objects["pods"].items()
                      if any(o.get("name") == old for o in pod["metadata"].get("ownerReferences", [])))
        start, done = time.monotonic(), 0
        while done < len(pods):
            due = min(len(pods), int(len(pods) * (time.monotonic() - start) / seconds) + 1)
            for namespace, name in pods[done:due]:
                pod = copy.deepcopy(self.objects["pods"][(namespace, name)])
                meta = pod["metadata"]
                for field in ("uid", "resourceVersion", "creationTimestamp"):
                    meta.pop(field, None)
                meta["name"] = new + name[len(old):]
                meta.setdefault("labels", {})["pod-template-hash"] = new.split("-")[-1]
                for owner in meta.get("ownerReferences", []):
                    owner["name"] = new
                self._apply(pod)
                self._delete("pods", namespace, name)
            done = due
            self.lock.notify_all()
            self.lock.wait(timeout=0.01)
        if old_key is not None:
            self._delete("replicasets", old_key[0], old)

    def _log(self, step):
        """The container writes its lines now: one stamp (the wall clock, as the kubelet
        stamps), kept for the container's current instance."""
        key = (step.get("namespace", ""), step["pod"], step["container"])
        pod = self.objects["pods"].get(key[:2])
        instance = container_status(pod, key[2]).get("restartCount", 0) if pod else 0
        stamp = time.time_ns()
        for text in step.get("lines", [step.get("line", "")]):
            self.logs.setdefault(key, []).append((stamp, instance, access_log_times(text, stamp)))

    def list_page(self, resource, selected, limit, token):
        """A list, or one page of it (`limit`, `continue`, as the API server pages an
        etcd snapshot): the first page fixes the list's resourceVersion and content,
        later pages continue that snapshot. A token from before a compaction is
        too old: None (the caller answers 410 Expired). Called with the lock held."""
        if token:
            try:
                snapshot, offset = token.split(":")
                rv, items = self.snapshots[int(snapshot)]
                offset = int(offset)
            except (ValueError, KeyError):
                raise ValueError("continue key is not valid: " + token)
            if rv < self.compacted_rv - 1:
                return None
        else:
            items = sorted((o for o in self.objects[resource].values() if selected(o)),
                           key=lambda o: (o["metadata"].get("namespace", ""), o["metadata"]["name"]))
            rv, offset = self.rv, 0
        if not limit or int(limit) <= 0 or offset + int(limit) >= len(items):
            return items[offset:], {"resourceVersion": str(rv)}
        if not token:
            self.snapshots[len(self.snapshots)] = (rv, items)
            snapshot = len(self.snapshots) - 1
        end = offset + int(limit)
        return items[offset:end], {"resourceVersion": str(rv), "continue": f"{snapshot}:{end}",
                                   "remainingItemCount": len(items) - end}

    def _next_rv(self):
        self.rv += 1
        return str(self.rv)

    def _apply(self, obj, shallow=False):
        # A churned pod shares its unchanged parts with the version before: stored
        # objects are never mutated in place, so sharing is safe and saves the copy.
        obj = dict(obj, metadata=dict(obj["metadata"])) if shallow else copy.deepcopy(obj)
        resource = KIND_TO_RESOURCE[obj["kind"]]
        group, version, _, namespaced = RESOURCES[resource]
        obj.setdefault("apiVersion", f"{group}/{version}" if group else version)
        meta = obj.setdefault("metadata", {})
        key = (meta.get("namespace", "") if namespaced else "", meta["name"])
        existing = self.objects[resource].get(key)
        meta.setdefault("uid", existing["metadata"]["uid"] if existing else f"uid-{resource}-{key[0]}-{key[1]}-{self.rv}")
        meta.setdefault("creationTimestamp", existing["metadata"]["creationTimestamp"] if existing else now_rfc3339())
        meta["resourceVersion"] = self._next_rv()
        self.objects[resource][key] = obj
        self.history.append((self.rv, resource, "MODIFIED" if existing else "ADDED", obj))

    def _delete(self, resource, namespace, name):
        obj = self.objects[resource].pop((namespace, name), None)
        if obj is None:
            return
        obj = copy.deepcopy(obj)
        obj["metadata"]["resourceVersion"] = self._next_rv()
        self.history.append((self.rv, resource, "DELETED", obj))


def access_log_times(text, stamp_ns):
    """`{now-0.8}` in a log line becomes the wall time 0.8 s before the line is written,
    as Envoy's START_TIME (milliseconds, UTC): a proxy flushes its access log about
    once a second, so a request's line is written after it started."""
    def replace(match):
        ms = stamp_ns // 1_000_000 + int(round(float(match.group(1) or 0) * 1000))
        return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ms // 1000)) + ".%03dZ" % (ms % 1000)
    return re.sub(r"\{now([+-][0-9.]+)?\}", replace, text)


def now_rfc3339():
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def rfc3339_nano(ns):
    """Go's time.RFC3339Nano, as the kubelet stamps log lines: trailing zeros of the
    fraction dropped, and the dot too when nothing is left."""
    seconds, fraction = divmod(ns, 1_000_000_000)
    text = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds))
    digits = f"{fraction:09d}".rstrip("0")
    return text + ("." + digits if digits else "") + "Z"


def since_ns(text):
    """A sinceTime, to the second: the API server hands it on to the kubelet as
    Format(time.RFC3339), which drops any fraction."""
    match = re.fullmatch(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)", text)
    if not match:
        raise ValueError(f'parsing time "{text}" as "2006-01-02T15:04:05Z07:00": cannot parse')
    seconds = calendar.timegm(time.strptime(match.group(1), "%Y-%m-%dT%H:%M:%S"))
    zone = match.group(3)
    if zone != "Z":
        sign = -1 if zone[0] == "+" else 1
        seconds += sign * (int(zone[1:3]) * 3600 + int(zone[4:6]) * 60)
    return seconds * 1_000_000_000


def container_status(pod, container):
    for entry in pod.get("status", {}).get("containerStatuses", []) + pod.get("status", {}).get("initContainerStatuses", []):
        if entry.get("name") == container:
            return entry
    return {}


def not_started(pod, container):
    """Why the kubelet has no log for the container yet, in its words
    (validateContainerLogStatus, pkg/kubelet/kubelet_pods.go), or None when it has one."""
    name, quoted = pod["metadata"]["name"], json.dumps(container)
    entry = container_status(pod, container)
    if not entry:
        # The kubelet's own status for a container it has not reported yet.
        reason = "PodInitializing" if pod.get("spec", {}).get("initContainers") else "ContainerCreating"
        return f'container {quoted} in pod {json.dumps(name)} is waiting to start: {reason}'
    state, last = entry.get("state", {}), entry.get("lastState", {})
    if "running" in state or "terminated" in state or "terminated" in last:
        return None
    if "waiting" in state:
        reason = state["waiting"].get("reason", "")
        said = {"ErrImagePull": "image can't be pulled", "ImagePullBackOff": "trying and failing to pull image"}.get(reason, reason)
        return f'container {quoted} in pod {json.dumps(name)} is waiting to start: {said}'
    return f'container {quoted} in pod {json.dumps(name)} is waiting to start - no logs yet'


def status(code, reason, message):
    return {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
            "message": message, "reason": reason, "code": code}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    cluster = None  # set by main

    def log_message(self, fmt, *args):  # keep test output quiet
        pass

    def do_GET(self):
        url = urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(url.query).items()}
        parts = [p for p in url.path.split("/") if p]
        try:
            if url.path == "/__standin/state":
                with self.cluster.lock:
                    return self._json(200, {res: list(objs.values()) for res, objs in self.cluster.objects.items()})
            if url.path == "/__standin/requests":
                with self.cluster.lock:
                    return self._json(200, self.cluster.requests)
            if url.path == "/__standin/done":
                return self._json(200 if self.cluster.finished.is_set() else 503, {})
            if url.path == "/version":
                return self._json(200, {"major": "1", "minor": "33", "gitVersion": "v1.33.0-standin"})
            if url.path == "/api":
                return self._json(200, {"kind": "APIVersions", "versions": ["v1"],
                                        "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": "127.0.0.1"}]})
            if url.path == "/apis":
                return self._json(200, self._group_list())
            if url.path in ("/api/v1",) or (len(parts) == 3 and parts[0] == "apis"):
                return self._json(200, self._resource_list(url.path))
            return self._resource_request(parts, query)
        except ValueError as error:
            return self._json(400, status(400, "BadRequest", str(error)))
        except (BrokenPipeError, ConnectionResetError):
            return None

    def _group_list(self):
        groups = {}
        for group, version, _, _ in RESOURCES.values():
            if group:
                groups.setdefault(group, version)
        return {"kind": "APIGroupList", "apiVersion": "v1", "groups": [
            {"name": g, "versions": [{"groupVersion": f"{g}/{v}", "version": v}],
             "preferredVersion": {"groupVersion": f"{g}/{v}", "version": v}} for g, v in groups.items()]}

    def _resource_list(self, path):
        group_version = path[len("/api/"):] if path.startswith("/api/") else path[len("/apis/"):]
        resources = []
        for res, (group, version, kind, namespaced) in RESOURCES.items():
            if (f"{group}/{version}" if group else version) == group_version and res not in self.cluster.disabled:
                resources.append({"name": res, "singularName": kind.lower(), "namespaced": namespaced, "kind": kind,
                                  "verbs": ["get", "list", "watch", "create", "update", "patch", "delete"]})
        if not resources:
            return self._json(404, status(404, "NotFound", "the server could not find the requested resource"))
        return {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": group_version, "resources": resources}

    def _resource_request(self, parts, query):
        # /api/v1/[namespaces/NS/]RES[/NAME]  or  /apis/G/V/[namespaces/NS/]RES[/NAME]
        rest = parts[2:] if parts[:1] == ["api"] else parts[3:]
        namespace = None
        if len(rest) >= 3 and rest[0] == "namespaces":
            namespace, rest = rest[1], rest[2:]
        if not rest or rest[0] not in RESOURCES or rest[0] in self.cluster.disabled:
            return self._json(404, status(404, "NotFound", "the server could not find the requested resource"))
        resource, name = rest[0], (rest[1] if len(rest) > 1 else None)
        if resource == "pods" and rest[2:] == ["log"]:
            return self._logs(namespace or "", name, query)
        if resource == "pods" and name is None:
            self.cluster.start_clock()
        if name is not None:
            with self.cluster.lock:
                obj = self.cluster.objects[resource].get((namespace or "", name))
            if obj is None:
                return self._json(404, status(404, "NotFound", f'{resource} "{name}" not found'))
            return self._json(200, obj)
        watching = query.get("watch") in ("1", "true")
        with self.cluster.lock:
            # A list read in pages counts once ("pods list"); its further pages are "pods pages".
            key = resource + (" watch" if watching else " pages" if query.get("continue") else " list")
            self.cluster.requests[key] = self.cluster.requests.get(key, 0) + 1
            while resource in self.cluster.hanging:
                self.cluster.lock.wait(timeout=1.0)
            forbidden = resource in self.cluster.forbidden
        if forbidden:
            return self._json(403, status(403, "Forbidden", f'{resource} is forbidden: User "system:serviceaccount:ci:deployer" '
                                                             f'cannot {"watch" if watching else "list"} resource "{resource}" in API group "" '
                                                             f'in the namespace "{namespace}"'))
        if resource in self.cluster.garbage_lists and not watching:
            return self._raw(200, "text/html", b"<html><body><h1>502 Bad Gateway</h1></body></html>\n")
        labels = LabelSelector(query.get("labelSelector"))
        fields = FieldSelector(query.get("fieldSelector"))

        def selected(obj):
            meta = obj.get("metadata", {})
            return ((namespace is None or meta.get("namespace") == namespace)
                    and labels.matches(meta.get("labels")) and fields.matches(obj))

        if watching:
            return self._watch(resource, selected, query)
        group, version, kind, _ = RESOURCES[resource]
        with self.cluster.lock:
            page = self.cluster.list_page(resource, selected, query.get("limit"), query.get("continue"))
        if page is None:
            return self._json(410, status(410, "Expired", "The provided continue parameter is too old to display a consistent "
                                                          "list result. You can start a new list without the continue parameter."))
        items, metadata = page
        return self._json(200, {"kind": kind + "List", "apiVersion": f"{group}/{version}" if group else version,
                                "metadata": metadata, "items": items})

    def _watch(self, resource, selected, query):
        cluster = self.cluster
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        with cluster.lock:
            since = int(query.get("resourceVersion") or 0)
            if since == 0:
                # No resourceVersion: synthetic ADDED for what exists now, then changes.
                for obj in cluster.objects[resource].values():
                    if selected(obj):
                        self._chunk({"type": "ADDED", "object": obj})
                since = cluster.rv
            elif since < cluster.compacted_rv - 1:
                self._chunk({"type": "ERROR", "object": status(410, "Expired", f"too old resource version: {since} ({cluster.compacted_rv - 1})")})
                return self._end()
            generation = cluster.generation
            dropped = cluster.drop_generation
            garbage_position = len(cluster.garbage)
            deadline = time.monotonic() + cluster.watch_seconds if cluster.watch_seconds > 0 else None
            # History is append-only between compactions (which end this watch),
            # so each wake-up reads only what was appended since the last one.
            position = next((i for i, entry in enumerate(cluster.history) if entry[0] > since), len(cluster.history))
            while True:
                if cluster.generation == generation:
                    for rv, res, kind, obj in cluster.history[position:]:
                        if res == resource and selected(obj):
                            self._chunk({"type": kind, "object": obj})
                            cluster.requests[resource + " sent"] = cluster.requests.get(resource + " sent", 0) + 1
                    position = len(cluster.history)
                for res, text in cluster.garbage[garbage_position:]:
                    if res == resource:
                        data = text.encode()
                        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
                        self.wfile.flush()
                garbage_position = len(cluster.garbage)
                if cluster.drop_generation != dropped:
                    # As a dying proxy or node would: the connection just goes, mid-stream.
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return None
                if cluster.generation != generation:
                    if cluster.expired_generation == cluster.generation:
                        self._chunk({"type": "ERROR", "object": status(410, "Expired", "too old resource version")})
                    break
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    break
                cluster.lock.wait(timeout=remaining if remaining is not None else 1.0)
        self._end()

    def _count(self, key):
        """Called with the lock held."""
        self.cluster.requests[key] = self.cluster.requests.get(key, 0) + 1

    def _logs(self, namespace, name, query):
        cluster = self.cluster
        follow = query.get("follow") == "true"
        stamped = query.get("timestamps") == "true"
        since = since_ns(query["sinceTime"]) if query.get("sinceTime") else 0
        with cluster.lock:
            self._count("logs")
            pod = cluster.objects["pods"].get((namespace, name))
            if pod is None:
                self._count("logs 404")
                return self._json(404, status(404, "NotFound", f'pods "{name}" not found'))
            names = [c.get("name") for c in pod.get("spec", {}).get("containers", []) + pod.get("spec", {}).get("initContainers", [])]
            container = query.get("container") or (names[0] if len(names) == 1 else None)
            if container is None:
                return self._json(400, status(400, "BadRequest", f"a container name must be specified for pod {name}, "
                                                                 f"choose one of: [{' '.join(names)}]"))
            if names and container not in names:
                return self._json(400, status(400, "BadRequest", f"container {container} is not valid for pod {name}"))
            refusal = not_started(pod, container)
            if refusal:
                self._count("logs 400")
                return self._json(400, status(400, "BadRequest", refusal))
            uid = pod["metadata"]["uid"]
            instance = container_status(pod, container).get("restartCount", 0)
            generation = cluster.logs_generation
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        key, position = (namespace, name, container), 0
        with cluster.lock:
            while True:
                written = cluster.logs.get(key, [])
                for stamp, line_instance, text in written[position:]:
                    if line_instance == instance and stamp >= since:
                        data = ((rfc3339_nano(stamp) + " ") if stamped else "") + text + "\n"
                        self._write_chunk(data.encode())
                position = len(written)
                if not follow or cluster.logs_generation != generation:
                    break
                current = cluster.objects["pods"].get((namespace, name))
                if current is None or current["metadata"]["uid"] != uid:
                    break
                entry = container_status(current, container)
                if entry.get("restartCount", 0) != instance or "terminated" in entry.get("state", {}):
                    break
                cluster.lock.wait(timeout=1.0)
        self._end()

    def _write_chunk(self, data):
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()

    def _encode(self, obj, **options):
        data = json.dumps(obj, **options).encode()
        for token, raw in self.cluster.raw_bytes:
            data = data.replace(token, raw)
        return data

    def _chunk(self, obj):
        data = self._encode(obj, separators=(",", ":")) + b"\n"
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()

    def _end(self):
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()
        self.close_connection = True

    def _json(self, code, obj):
        return self._raw(code, "application/json", self._encode(obj))

    def _raw(self, code, content_type, data):
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def write_kubeconfig(path, port, namespace):
    with open(path, "w") as out:
        out.write(f"""apiVersion: v1
kind: Config
clusters:
- name: standin
  cluster:
    server: http://127.0.0.1:{port}
users:
- name: standin
  user: {{}}
contexts:
- name: standin
  context:
    cluster: standin
    user: standin
    namespace: {namespace}
current-context: standin
""")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--kubeconfig")
    parser.add_argument("--namespace", default="default")
    parser.add_argument("--watch-seconds", type=float, help="overrides the scenario's watchSeconds")
    args = parser.parse_args()
    with open(args.scenario) as source:
        scenario = json.load(source)
    Handler.cluster = Cluster(scenario)
    if args.watch_seconds is not None:
        Handler.cluster.watch_seconds = args.watch_seconds
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    port = server.server_address[1]
    if args.kubeconfig:
        write_kubeconfig(args.kubeconfig, port, args.namespace)
    print(f"listening on {port}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
