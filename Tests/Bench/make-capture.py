#!/usr/bin/env python3
"""Writes a synthetic rollwatch recording of a large rollout, for the benchmarks of SPEC §8.

The capture is a Deployment of N istio-injected pods (each a realistic Pod object with
managedFields, probes, env, volumes and both istio init containers), first seen by the watch,
then a rolling update: for each slot a new pod is added, starts, turns ready, and the old pod
it replaces is marked for deletion and goes. EndpointSlices of 100 endpoints follow in batches,
as the EndpointSlice controller sends them, and Events accompany the pod changes.

    make-capture.py -o capture.jsonl [--pods 10000] [--updates 10000] [--seed 1] [shape options]
    make-capture.py -o scenario.json --standin-scenario [--pods 10000] [shape options]

Shape options make captures unlike the default one, so the benchmarks judge the
decoder on more than one generator's taste: --last-applied (the whole object again as
kubectl.kubernetes.io/last-applied-configuration, as `kubectl apply` leaves it),
--containers N (2 to 8: app containers beside istio-proxy), --long-messages (waiting
and terminated messages of kilobytes, as crash loops leave), --unicode (event
messages, label values and annotations in Japanese, Korean and emoji),
--events-per-change N (event-heavy: probe failures and pulls beside each change),
--slice-batch N (slice-heavy: an EndpointSlice write every N pod changes) and
--no-readiness-probe (every app container without one: a finding on every pod).

`--updates` counts pod watch events after the first N; ten times the default keeps rolling
(later slots replace pods of the previous round), which is what the bounded-memory run uses.
The output is deterministic for a given set of arguments.
"""

import argparse
import json
import random
from datetime import datetime, timedelta, timezone

NAMESPACE = "payments"
APP = "checkout"
SLICE_SIZE = 100
SLICE_BATCH = 50  # pod changes the EndpointSlice controller folds into one slice write
START = datetime(2026, 11, 20, 9, 0, 0, tzinfo=timezone.utc)


def rfc3339(moment, micro=False):
    if micro:
        return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def managed_fields(moment):
    """What the API server keeps per field manager: most of a Pod's bytes, none of rollwatch's business."""
    def keys(*names):
        return {f"f:{name}": {} for name in names}

    container_fields = {
        "f:env": {f'k:{{"name":"{name}"}}': {".": {}, "f:name": {}, "f:value": {}}
                  for name in ("PORT", "DB_HOST", "OTEL_ENDPOINT")},
        "f:image": {}, "f:imagePullPolicy": {}, "f:name": {},
        "f:ports": {'k:{"containerPort":8080,"protocol":"TCP"}': {".": {}, "f:containerPort": {}, "f:name": {}, "f:protocol": {}}},
        "f:readinessProbe": {".": {}, "f:failureThreshold": {}, "f:httpGet": {".": {}, "f:path": {}, "f:port": {}, "f:scheme": {}},
                             "f:periodSeconds": {}, "f:successThreshold": {}, "f:timeoutSeconds": {}},
        "f:resources": {".": {}, "f:limits": keys("cpu", "memory"), "f:requests": keys("cpu", "memory")},
        "f:terminationMessagePath": {}, "f:terminationMessagePolicy": {},
    }
    controller = {
        "f:metadata": {"f:annotations": {".": {}, "f:kubectl.kubernetes.io/restartedAt": {}, "f:prometheus.io/scrape": {}},
                       "f:generateName": {}, "f:labels": {".": {}, "f:app": {}, "f:pod-template-hash": {}, "f:version": {}},
                       "f:ownerReferences": {".": {}, 'k:{"uid":"rs"}': {}}},
        "f:spec": {"f:containers": {'k:{"name":"app"}': container_fields}, "f:dnsPolicy": {}, "f:enableServiceLinks": {},
                   "f:restartPolicy": {}, "f:schedulerName": {}, "f:securityContext": {},
                   "f:terminationGracePeriodSeconds": {}},
    }
    kubelet = {
        "f:status": {"f:conditions": {f'k:{{"type":"{kind}"}}': {".": {}, "f:lastProbeTime": {}, "f:lastTransitionTime": {},
                                                                  "f:status": {}, "f:type": {}}
                                      for kind in ("ContainersReady", "Initialized", "PodReadyToStartContainers", "Ready")},
                     "f:containerStatuses": {}, "f:hostIP": {}, "f:initContainerStatuses": {}, "f:phase": {},
                     "f:podIP": {}, "f:podIPs": {".": {}, 'k:{"ip":"10.0.0.1"}': {".": {}, "f:ip": {}}}, "f:startTime": {}},
    }
    stamp = rfc3339(moment)
    return [
        {"apiVersion": "v1", "fieldsType": "FieldsV1", "fieldsV1": controller, "manager": "kube-controller-manager",
         "operation": "Update", "time": stamp},
        {"apiVersion": "v1", "fieldsType": "FieldsV1", "fieldsV1": kubelet, "manager": "kubelet", "operation": "Update",
         "subresource": "status", "time": stamp},
    ]


class Shape:
    """How this capture's pods differ from the default ones (see the module doc)."""
    last_applied = False
    containers = 2
    long_messages = False
    unicode = False
    events_per_change = 0
    readiness_probe = True


SHAPE = Shape()
UNICODE_TEXT = "決済サービスの準備ができていません 결제 서비스가 준비되지 않았습니다 🚀✅"


class Pod:
    def __init__(self, index, revision, created):
        self.index = index
        self.revision = revision
        self.hash = f"{revision:04x}c9d{revision % 7}f"
        self.name = f"{APP}-{self.hash}-{index:05x}"
        self.uid = f"{revision:08x}-{index:04x}-4c1e-9a3b-{index * 7919 + revision:012x}"
        self.ip = f"10.{8 + revision % 8}.{index // 250}.{index % 250 + 2}"
        self.node = f"gke-prod-pool-{index % 40:02d}"
        self.created = created
        self.resource_version = 0
        self.started = None
        self.ready_at = None
        self.deleted_at = None

    def object(self, resource_version):
        created = rfc3339(self.created)
        started = self.started is not None
        ready = self.ready_at is not None and self.deleted_at is None
        def condition(kind, status, moment):
            return {"lastProbeTime": None, "lastTransitionTime": rfc3339(moment), "status": "True" if status else "False",
                    "type": kind}
        app_state = {"running": {"startedAt": rfc3339(self.started)}} if started else \
            {"waiting": {"reason": "PodInitializing"}}
        proxy_state = app_state
        metadata = {
            "annotations": {
                "istio.io/rev": "default",
                "kubectl.kubernetes.io/default-container": "app",
                "kubectl.kubernetes.io/restartedAt": rfc3339(START - timedelta(days=self.revision)),
                "prometheus.io/path": "/stats/prometheus", "prometheus.io/port": "15020", "prometheus.io/scrape": "true",
                "sidecar.istio.io/status": json.dumps({"initContainers": ["istio-init"], "containers": ["istio-proxy"],
                                                       "volumes": ["istio-envoy", "istio-data"], "revision": "default"}),
            },
            "creationTimestamp": created,
            "generateName": f"{APP}-{self.hash}-",
            "labels": {"app": APP, "pod-template-hash": self.hash, "security.istio.io/tlsMode": "istio",
                       "service.istio.io/canonical-name": APP, "service.istio.io/canonical-revision": f"v{self.revision}",
                       "version": f"v{self.revision}"},
            "managedFields": managed_fields(self.created),
            "name": self.name,
            "namespace": NAMESPACE,
            "ownerReferences": [{"apiVersion": "apps/v1", "blockOwnerDeletion": True, "controller": True,
                                 "kind": "ReplicaSet", "name": f"{APP}-{self.hash}", "uid": f"rs-{self.revision}"}],
            "resourceVersion": str(resource_version),
            "uid": self.uid,
        }
        if self.deleted_at is not None:
            metadata["deletionGracePeriodSeconds"] = 30
            metadata["deletionTimestamp"] = rfc3339(self.deleted_at + timedelta(seconds=30))
        probe = {"failureThreshold": 3, "httpGet": {"path": "/healthz/ready", "port": 8080, "scheme": "HTTP"},
                 "periodSeconds": 5, "successThreshold": 1, "timeoutSeconds": 1}
        spec = {
            "containers": [
                {"env": [{"name": name, "value": value} for name, value in (
                    ("PORT", "8080"), ("DB_HOST", "payments-db.payments.svc"),
                    ("OTEL_ENDPOINT", "http://otel-collector.observability:4317"))],
                 "image": f"europe-docker.pkg.dev/shop/prod/checkout:1.{self.revision}.0", "imagePullPolicy": "IfNotPresent",
                 "lifecycle": {"preStop": {"exec": {"command": ["sleep", "15"]}}},
                 "name": "app", "ports": [{"containerPort": 8080, "name": "http", "protocol": "TCP"}],
                 "readinessProbe": probe,
                 "resources": {"limits": {"cpu": "1", "memory": "512Mi"}, "requests": {"cpu": "250m", "memory": "256Mi"}},
                 "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File"},
                {"args": ["proxy", "sidecar", "--domain", "$(POD_NAMESPACE).svc.cluster.local"],
                 "env": [{"name": name, "value": value} for name, value in (
                     ("CA_ADDR", "istiod.istio-system.svc:15012"), ("ISTIO_META_APP_CONTAINERS", "app"))]
                        + [{"name": "POD_NAMESPACE", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"}}}],
                 "image": "docker.io/istio/proxyv2:1.24.2", "imagePullPolicy": "IfNotPresent", "name": "istio-proxy",
                 "ports": [{"containerPort": 15090, "name": "http-envoy-prom", "protocol": "TCP"}],
                 "readinessProbe": {"failureThreshold": 4, "httpGet": {"path": "/healthz/ready", "port": 15021, "scheme": "HTTP"},
                                    "periodSeconds": 15, "successThreshold": 1, "timeoutSeconds": 3},
                 "resources": {"limits": {"cpu": "2", "memory": "1Gi"}, "requests": {"cpu": "100m", "memory": "128Mi"}},
                 "securityContext": {"runAsGroup": 1337, "runAsNonRoot": True, "runAsUser": 1337}},
            ],
            "dnsPolicy": "ClusterFirst",
            "initContainers": [
                {"args": ["istio-iptables", "-p", "15001", "-z", "15006", "-u", "1337", "-m", "REDIRECT", "-i", "*"],
                 "image": "docker.io/istio/proxyv2:1.24.2", "name": "istio-init",
                 "resources": {"limits": {"cpu": "2", "memory": "1Gi"}, "requests": {"cpu": "10m", "memory": "40Mi"}},
                 "securityContext": {"capabilities": {"add": ["NET_ADMIN", "NET_RAW"], "drop": ["ALL"]},
                                     "runAsGroup": 0, "runAsNonRoot": False, "runAsUser": 0}},
            ],
            "nodeName": self.node,
            "restartPolicy": "Always",
            "schedulerName": "default-scheduler",
            "serviceAccountName": APP,
            "terminationGracePeriodSeconds": 30,
            "volumes": [{"emptyDir": {}, "name": name} for name in ("istio-envoy", "istio-data")],
        }
        init_done = {"terminated": {"exitCode": 0, "reason": "Completed", "startedAt": created, "finishedAt": created}}
        status = {
            "conditions": [condition("PodReadyToStartContainers", True, self.created),
                           condition("Initialized", started, self.started or self.created),
                           condition("Ready", ready, self.ready_at or self.created),
                           condition("ContainersReady", ready, self.ready_at or self.created),
                           condition("PodScheduled", True, self.created)],
            "containerStatuses": [
                {"containerID": f"containerd://{self.uid.replace('-', '')}a{n}", "image": "image", "imageID": "sha256:0",
                 "lastState": {}, "name": name, "ready": self.ready_at is not None, "restartCount": 0, "started": started, "state": state}
                for n, (name, state) in enumerate((("app", app_state), ("istio-proxy", proxy_state)))],
            "hostIP": f"10.128.0.{self.index % 40 + 2}",
            "initContainerStatuses": [{"containerID": f"containerd://{self.uid.replace('-', '')}i", "image": "image",
                                       "imageID": "sha256:0", "lastState": {}, "name": "istio-init", "ready": started,
                                       "restartCount": 0, "started": False,
                                       "state": init_done if started else {"running": {"startedAt": created}}}],
            "phase": "Running" if started else "Pending",
            "podIP": self.ip, "podIPs": [{"ip": self.ip}],
            "qosClass": "Burstable", "startTime": created,
        }
        extra = SHAPE.containers - 2
        for number in range(extra):
            name = f"worker-{number}"
            container = copy_container(spec["containers"][0], name)
            spec["containers"].insert(1 + number, container)
            state = app_state
            if SHAPE.long_messages and not started:
                state = {"waiting": {"reason": "CrashLoopBackOff", "message": long_message(self.index)}}
            status["containerStatuses"].insert(1 + number, {
                "containerID": f"containerd://{self.uid.replace('-', '')}w{number}", "image": "image", "imageID": "sha256:0",
                "lastState": {"terminated": {"exitCode": 1, "reason": "Error", "message": long_message(self.index),
                                             "startedAt": created, "finishedAt": created}} if SHAPE.long_messages else {},
                "name": name, "ready": self.ready_at is not None, "restartCount": 0, "started": started, "state": state})
        if not SHAPE.readiness_probe:
            for container in spec["containers"]:
                if container["name"] != "istio-proxy":
                    container.pop("readinessProbe", None)
        if SHAPE.long_messages:
            for condition_entry in status["conditions"]:
                if condition_entry["status"] == "False":
                    condition_entry["reason"] = "ContainersNotReady"
                    condition_entry["message"] = "containers with unready status: [app istio-proxy] " + long_message(self.index)[:600]
        if SHAPE.unicode:
            metadata["labels"]["team"] = "決済"
            metadata["annotations"]["description"] = UNICODE_TEXT
        pod = {"apiVersion": "v1", "kind": "Pod", "metadata": metadata, "spec": spec, "status": status}
        if SHAPE.last_applied:
            applied = {"apiVersion": "v1", "kind": "Pod", "metadata": {k: metadata[k] for k in ("labels", "name", "namespace")},
                       "spec": spec}
            metadata["annotations"]["kubectl.kubernetes.io/last-applied-configuration"] = json.dumps(applied) + "\n"
        return pod


def copy_container(container, name):
    """Another app container like `container`, as multi-container pods have them."""
    copied = json.loads(json.dumps(container))
    copied["name"] = name
    copied["ports"] = [{"containerPort": 9000 + len(name), "name": name[:15], "protocol": "TCP"}]
    return copied


def long_message(seed):
    """A crash loop's termination message: a stack trace of a few kilobytes."""
    frames = "".join(f"\n\tat com.shop.checkout.Handler.process{n}(Handler.java:{100 + (seed + n) % 900})" for n in range(40))
    return f"java.lang.IllegalStateException: connection refused to payments-db:5432{frames}"


class Capture:
    def __init__(self, out, pods, seed):
        self.out = out
        self.random = random.Random(seed)
        self.clock = START
        self.resource_version = 1000
        self.slots = [Pod(index, 1, START - timedelta(hours=3, seconds=index)) for index in range(pods)]
        for pod in self.slots:
            pod.started = pod.created + timedelta(seconds=4)
            pod.ready_at = pod.started + timedelta(seconds=6)
        self.dirty_slices = set()
        self.slice_batch = SLICE_BATCH
        self.event_count = 0
        self.leaving = []  # (time, pod) in time order

    def tick(self, milliseconds):
        self.clock += timedelta(milliseconds=milliseconds * (0.5 + self.random.random()))

    def line(self, record):
        self.out.write(json.dumps(record, separators=(",", ":")))
        self.out.write("\n")

    def notice(self, source, kind, detail):
        self.line({"t": rfc3339(self.clock, micro=True), "src": source, "stream": kind, "detail": detail})

    def event(self, source, kind, obj):
        self.line({"t": rfc3339(self.clock, micro=True), "src": source, "ev": {"type": kind, "object": obj}})

    def next_version(self):
        self.resource_version += 1
        return self.resource_version

    def pod_event(self, kind, pod):
        self.event("pods", kind, pod.object(self.next_version()))
        self.dirty_slices.add(pod.index // SLICE_SIZE)
        for number in range(SHAPE.events_per_change):
            if number % 2 == 0:
                self.kube_event(pod, "Unhealthy", "Readiness probe failed: HTTP probe failed with statuscode: 503"
                                + (" " + UNICODE_TEXT if SHAPE.unicode else ""), kind="Warning")
            else:
                self.kube_event(pod, "Pulled", f'Container image "europe-docker.pkg.dev/shop/prod/checkout:1.{pod.revision}.0" '
                                               "already present on machine")

    def kube_event(self, pod, reason, message, kind="Normal"):
        self.event_count += 1
        name = f"{pod.name}.{self.event_count:016x}"
        stamp = rfc3339(self.clock)
        self.event("events", "ADDED", {
            "apiVersion": "v1", "kind": "Event", "count": 1, "firstTimestamp": stamp, "lastTimestamp": stamp,
            "involvedObject": {"apiVersion": "v1", "kind": "Pod", "name": pod.name, "namespace": NAMESPACE,
                               "uid": pod.uid, "resourceVersion": str(self.resource_version),
                               "fieldPath": "spec.containers{app}"},
            "message": message + (" — " + UNICODE_TEXT if SHAPE.unicode and reason == "Started" else ""),
            "reason": reason, "type": kind,
            "metadata": {"name": name, "namespace": NAMESPACE, "uid": f"ev-{self.event_count:08x}",
                         "resourceVersion": str(self.next_version()), "creationTimestamp": stamp},
            "reportingComponent": "kubelet", "reportingInstance": pod.node, "source": {"component": "kubelet", "host": pod.node},
        })

    def retire(self, old, new):
        """Marks the old pod for deletion; it leaves after its preStop sleep, except every
        thousandth, which has lost its preStop hook and goes at once (a no-drain-delay race)."""
        old.deleted_at = self.clock
        self.pod_event("MODIFIED", old)
        self.kube_event(old, "Killing", "Stopping container app")
        self.slots[old.index] = new
        leaves = self.clock + timedelta(seconds=0.05 if old.index % 1000 == 0 else 16)
        self.leaving.append((leaves, old))

    def replica_set(self, revision):
        """The ReplicaSet of a revision: what tells rollwatch old pods from new."""
        template = Pod(0, revision, self.clock)
        self.event("replicasets", "ADDED", {
            "apiVersion": "apps/v1", "kind": "ReplicaSet",
            "metadata": {"name": f"{APP}-{template.hash}", "namespace": NAMESPACE, "uid": f"rs-{revision}",
                         "labels": {"app": APP, "pod-template-hash": template.hash},
                         "annotations": {"deployment.kubernetes.io/revision": str(revision)},
                         "ownerReferences": [{"apiVersion": "apps/v1", "kind": "Deployment", "name": APP, "controller": True}],
                         "resourceVersion": str(self.next_version())},
            "spec": {"replicas": len(self.slots), "selector": {"matchLabels": {"app": APP, "pod-template-hash": template.hash}}},
        })

    def endpoint_slice(self, number, kind="MODIFIED"):
        positions = range(number * SLICE_SIZE, (number + 1) * SLICE_SIZE)
        # Terminating pods stay in the slice (ready false, terminating true) until they are gone.
        members = self.slots[positions.start:positions.stop] + [pod for _, pod in self.leaving if pod.index in positions]
        endpoints = []
        for pod in members:
            if pod.started is None:
                continue
            ready = pod.ready_at is not None and pod.deleted_at is None
            endpoints.append({"addresses": [pod.ip], "conditions": {"ready": ready, "serving": pod.ready_at is not None,
                                                                   "terminating": pod.deleted_at is not None},
                              "nodeName": pod.node, "targetRef": {"kind": "Pod", "name": pod.name, "namespace": NAMESPACE,
                                                                  "uid": pod.uid},
                              "zone": f"europe-west1-{'bcd'[pod.index % 3]}"})
        self.event("endpointslices", kind, {
            "addressType": "IPv4", "apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice", "endpoints": endpoints,
            "metadata": {"name": f"{APP}-{number:05x}", "namespace": NAMESPACE,
                         "labels": {"kubernetes.io/service-name": APP,
                                    "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io"},
                         "ownerReferences": [{"apiVersion": "v1", "kind": "Service", "name": APP, "uid": "svc"}],
                         "resourceVersion": str(self.next_version()), "generation": 1},
            "ports": [{"name": "http", "port": 8080, "protocol": "TCP"}],
        })

    def flush_slices(self):
        for number in sorted(self.dirty_slices):
            self.endpoint_slice(number)
        self.dirty_slices.clear()

    def write(self, updates):
        self.line({"rollwatch": "recording", "version": 1, "created": rfc3339(self.clock, micro=True),
                   "context": "bench", "namespace": NAMESPACE, "target": f"deploy/{APP}", "kubectl": "kubectl",
                   "redacted": False})
        for source in ("pods", "endpointslices", "events", "replicasets"):
            self.notice(source, "started", "watch from resourceVersion 1000")
        self.replica_set(1)
        for pod in self.slots:
            self.pod_event("ADDED", pod)
            self.tick(1)
        for number in range((len(self.slots) + SLICE_SIZE - 1) // SLICE_SIZE):
            self.endpoint_slice(number, kind="ADDED")
        self.dirty_slices.clear()

        written = 0
        slot = 0
        revision = 2
        changes = 0
        # One slot at a time, five pod events each: the new pod is added, starts, turns
        # ready; the old one is marked for deletion, then goes.
        while written < updates:
            if slot == 0:
                self.replica_set(revision)
            old = self.slots[slot]
            new = Pod(old.index, revision, self.clock)
            steps = [
                lambda: self.pod_event("ADDED", new),
                lambda: (setattr(new, "started", self.clock), self.pod_event("MODIFIED", new),
                         self.kube_event(new, "Started", "Started container app")),
                lambda: (setattr(new, "ready_at", self.clock), self.pod_event("MODIFIED", new)),
                lambda: self.retire(old, new),
            ]
            for step in steps:
                if written >= updates:
                    break
                step()
                written += 1
                changes += 1
                self.tick(10)
                if changes % self.slice_batch == 0:
                    self.flush_slices()
                # Old pods go once their preStop sleep is over, as the kubelet lets them.
                while self.leaving and self.leaving[0][0] <= self.clock and written < updates:
                    self.pod_event("DELETED", self.leaving.pop(0)[1])
                    written += 1
            slot += 1
            if slot == len(self.slots):
                slot = 0
                revision += 1
        self.flush_slices()
        for source in ("pods", "endpointslices", "events", "replicasets"):
            self.notice(source, "ended", "session ended")


def standin_scenario(pods):
    """The capture's first state as a scenario for Tests/StandIn/standin.py: the
    Deployment, its ReplicaSet and Service and N ready pods, then nothing changing."""
    capture = Capture(None, pods, 1)
    workload = [
        {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": APP, "namespace": NAMESPACE, "generation": 1},
         "spec": {"replicas": pods, "selector": {"matchLabels": {"app": APP}}, "template": {"metadata": {"labels": {"app": APP}}}},
         "status": {"observedGeneration": 1, "replicas": pods, "updatedReplicas": pods, "readyReplicas": pods,
                    "availableReplicas": pods}},
        {"apiVersion": "apps/v1", "kind": "ReplicaSet",
         "metadata": {"name": f"{APP}-{capture.slots[0].hash}", "namespace": NAMESPACE, "uid": "rs-1", "labels": {"app": APP},
                      "annotations": {"deployment.kubernetes.io/revision": "1"},
                      "ownerReferences": [{"kind": "Deployment", "name": APP, "controller": True}]}},
        {"apiVersion": "v1", "kind": "Service", "metadata": {"name": APP, "namespace": NAMESPACE},
         "spec": {"selector": {"app": APP}}},
    ]
    return {"watchSeconds": 0, "initial": workload + [pod.object(1000 + pod.index) for pod in capture.slots], "steps": []}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", required=True)
    parser.add_argument("--pods", type=int, default=10_000)
    parser.add_argument("--updates", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--standin-scenario", action="store_true",
                        help="write a stand-in scenario of the first state instead of a recording")
    parser.add_argument("--last-applied", action="store_true")
    parser.add_argument("--containers", type=int, default=2, choices=range(2, 9))
    parser.add_argument("--long-messages", action="store_true")
    parser.add_argument("--unicode", action="store_true")
    parser.add_argument("--events-per-change", type=int, default=0)
    parser.add_argument("--slice-batch", type=int, default=SLICE_BATCH)
    parser.add_argument("--no-readiness-probe", action="store_true")
    arguments = parser.parse_args()
    SHAPE.last_applied = arguments.last_applied
    SHAPE.containers = arguments.containers
    SHAPE.long_messages = arguments.long_messages
    SHAPE.unicode = arguments.unicode
    SHAPE.events_per_change = arguments.events_per_change
    SHAPE.readiness_probe = not arguments.no_readiness_probe
    with open(arguments.output, "w", encoding="utf-8") as out:
        if arguments.standin_scenario:
            json.dump(standin_scenario(arguments.pods), out)
        else:
            capture = Capture(out, arguments.pods, arguments.seed)
            capture.slice_batch = max(1, arguments.slice_batch)
            capture.write(arguments.updates)


if __name__ == "__main__":
    main()
