#!/usr/bin/env python3
# other-capture.py OUTPUT PODS [SEED]: a recording written apart from make-capture.py, to
# measure ingest on a shape the decoder was not tuned on: pods of mixed
# sizes (fat: 8 containers + 2 init, 60 env each, JSON blobs in annotations; bare: one
# container, no probes, no mesh), Japanese/Korean text as raw UTF-8, every object's
# members in a random order (so `object` may come before `type`, `ev` before `src`).
import json, random, sys, datetime
random.seed(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
out = open(sys.argv[1], 'w', encoding='utf-8')
pods = int(sys.argv[2])
t0 = datetime.datetime(2026, 12, 1, 9, 0, 0)
def ts(sec): return (t0 + datetime.timedelta(seconds=sec)).strftime('%Y-%m-%dT%H:%M:%S.%fZ')
def shuffled(o):
    if isinstance(o, dict):
        items = [(k, shuffled(v)) for k, v in o.items()]; random.shuffle(items); return dict(items)
    if isinstance(o, list): return [shuffled(v) for v in o]
    return o
out.write(json.dumps({"rollwatch": "recording", "version": 1, "created": ts(0), "context": "other", "namespace": "決済", "target": "deploy/checkout", "kubectl": "kubectl", "redacted": False}) + "\n")
def container(i, fat, ready, started):
    c = {"name": f"app-{i}", "image": f"registry.example/アプリ/{i}:v2", "ports": [{"containerPort": 8080 + i}]}
    if fat:
        c["env"] = [{"name": f"VAR_{j}", "value": f"値-{j}-" + "x" * random.randint(5, 60)} for j in range(60)]
        c["volumeMounts"] = [{"name": f"v{j}", "mountPath": f"/mnt/{j}"} for j in range(8)]
        c["resources"] = {"limits": {"cpu": "2", "memory": "4Gi"}, "requests": {"cpu": "500m", "memory": "1Gi"}}
        c["readinessProbe"] = {"httpGet": {"path": "/healthz", "port": 8080 + i}, "periodSeconds": 5}
    status = {"name": f"app-{i}", "ready": ready, "restartCount": random.randint(0, 3), "image": c["image"],
              "imageID": "sha256:" + "%064x" % random.getrandbits(256), "started": started,
              "state": {"running": {"startedAt": ts(1)}} if started else {"waiting": {"reason": "ContainerCreating"}}}
    return c, status
def pod(n, step, sec):
    fat = n % 3 == 0
    ncont = 8 if fat else 1
    ready = step >= 2
    specs, statuses = zip(*[container(i, fat, ready, step >= 1) for i in range(ncont)])
    meta = {"name": f"checkout-{n:05d}-ワーカー", "namespace": "決済", "uid": f"uid-{n:08d}", "resourceVersion": str(1000 + n * 10 + step),
            "labels": {"app": "checkout", "チーム": "支払い", "pod-template-hash": "7f9c"},
            "ownerReferences": [{"kind": "ReplicaSet", "name": "checkout-7f9c", "controller": True, "uid": "rs-1"}],
            "creationTimestamp": ts(n % 600)}
    if fat:
        meta["annotations"] = {"config.example/blob": json.dumps({"routes": [{"path": f"/api/{k}", "weight": k} for k in range(30)], "note": "설정 \"중요\""}),
                               "kubectl.kubernetes.io/last-applied-configuration": json.dumps({"spec": {"containers": list(specs)}})[:6000]}
        meta["managedFields"] = [{"manager": "kubelet", "operation": "Update", "fieldsV1": {"f:status": {f"k:{{\"type\":\"C{k}\"}}": {}} for k in range(20)}}]
    conds = [{"type": "Ready", "status": "True" if ready else "False", "lastTransitionTime": ts(sec)},
             {"type": "ContainersReady", "status": "True" if ready else "False", "lastTransitionTime": ts(sec)},
             {"type": "PodScheduled", "status": "True", "lastTransitionTime": ts(n % 600)}]
    spec = {"containers": list(specs), "nodeName": f"node-{n % 40}", "restartPolicy": "Always"}
    if fat: spec["initContainers"] = [{"name": "init-db", "image": "busybox"}, {"name": "init-cfg", "image": "busybox"}]
    return {"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": spec,
            "status": {"phase": "Running" if step >= 1 else "Pending", "podIP": f"10.{n // 250}.{n % 250}.{step}", "conditions": conds,
                       "containerStatuses": list(statuses), "startTime": ts(n % 600)}}
lines = []
sec = 1.0
for step in range(3):
    for n in range(pods):
        sec += 0.01
        lines.append({"t": ts(sec), "src": "pods", "ev": {"type": "ADDED" if step == 0 else "MODIFIED", "object": pod(n, step, sec)}})
        if step == 1 and n % 2 == 0:
            lines.append({"t": ts(sec), "src": "events", "ev": {"type": "ADDED", "object": {"kind": "Event", "metadata": {"name": f"ev-{n}", "namespace": "決済", "uid": f"e{n}"},
                "involvedObject": {"kind": "Pod", "name": f"checkout-{n:05d}-ワーカー", "namespace": "決済", "uid": f"uid-{n:08d}", "fieldPath": "spec.containers{app-0}"},
                "reason": "Unhealthy", "message": "Readiness probe failed: 接続が拒否されました (연결 거부) " + "…" * random.randint(1, 40), "type": "Warning", "count": 2,
                "firstTimestamp": ts(sec - 1), "lastTimestamp": ts(sec), "source": {"component": "kubelet"}}}})
for l in lines:
    out.write(json.dumps(shuffled(l), ensure_ascii=False, separators=(',', ':')) + "\n")
