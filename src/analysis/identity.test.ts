import { doubleCountReason, identify } from './identity';

describe('identify (automatic rules)', () => {
  it('rule 1: namespace, pod, container', () => {
    const r = identify(
      { namespace: 'shop', pod: 'api-0', container: 'api', id: '/kubepods/x', image: 'api:1', instance: 'n1' },
      'container'
    );
    expect(r).toEqual({
      kind: 'container',
      id: {
        identity: { namespace: 'shop', pod: 'api-0', container: 'api' },
        key: 'namespace=shop,pod=api-0,container=api',
        title: 'shop/api-0/api',
      },
    });
  });

  it('rule 2: the compose service, with its project', () => {
    const labels = {
      container_label_com_docker_compose_service: 'logwriter',
      container_label_com_docker_compose_project: 'memlens',
      name: 'memlens-logwriter-1',
      id: '/docker/abc',
    };
    expect(identify(labels, 'container').id).toEqual({
      identity: {
        container_label_com_docker_compose_project: 'memlens',
        container_label_com_docker_compose_service: 'logwriter',
      },
      key: 'container_label_com_docker_compose_project=memlens,container_label_com_docker_compose_service=logwriter',
      title: 'logwriter',
    });
  });

  it('rule 3: the container name (standalone cAdvisor)', () => {
    const labels = {
      name: 'testcontaineralias',
      id: 'testcontainer',
      image: 'test',
      zone_name: 'hello',
      container_env_foo_env: 'prod',
    };
    expect(identify(labels, 'container').id).toEqual({
      identity: { name: 'testcontaineralias' },
      key: 'name=testcontaineralias',
      title: 'testcontaineralias',
    });
  });

  it('rule 4: the labels left after dropping the volatile ones', () => {
    const labels = {
      __name__: 'x',
      app: 'web',
      team: 'core',
      id: '/a',
      image: 'i',
      instance: 'h:8080',
      job: 'j',
      uid: 'u',
      container_label_x: 'y',
    };
    expect(identify(labels, 'container').id).toEqual({
      identity: { app: 'web', team: 'core' },
      key: 'app=web,team=core',
      title: 'web/core',
    });
  });

  it('no identifying label at all: the whole input is one workload', () => {
    expect(identify({ job: 'cadvisor' }, 'container').id).toEqual({ identity: {}, key: '', title: '{}' });
  });

  it('node series are identified by instance, else node, with a distinct key', () => {
    const kubePrometheus = {
      instance: 'node1:9100',
      job: 'node-exporter',
      namespace: 'monitoring',
      pod: 'node-exporter-abc',
      container: 'node-exporter',
    };
    expect(identify(kubePrometheus, 'node')).toEqual({
      kind: 'node',
      id: { identity: { instance: 'node1:9100' }, key: 'node:instance=node1:9100', title: 'node1:9100' },
    });
    expect(identify({ node: 'worker-2' }, 'node').id.key).toBe('node:node=worker-2');
  });

  it('shared roles without a name decide the kind from the labels', () => {
    expect(identify({ instance: 'n1:9100' }, undefined).kind).toBe('node');
    expect(identify({ instance: 'n1:9100', pod: 'p' }, undefined).kind).toBe('container');
  });

  it("reads only the series' own labels, whatever they are named", () => {
    expect(identify({ pod: 'p' }, 'container', ['constructor', 'hasOwnProperty', 'pod']).id).toEqual({
      identity: { pod: 'p' },
      key: 'pod=p',
      title: 'p',
    });
    const odd = JSON.parse('{"__proto__": "x", "toString": "y"}');
    const r = identify(odd, 'container', ['__proto__', 'toString']).id;
    expect(r.key).toBe('__proto__=x,toString=y');
    expect(Object.keys(r.identity)).toEqual(['__proto__', 'toString']);
  });

  it('groupBy overrides the rules, in the order given', () => {
    const labels = { namespace: 'shop', pod: 'api-0', container: 'api', app: 'api' };
    expect(identify(labels, 'container', ['app', 'namespace']).id).toEqual({
      identity: { app: 'api', namespace: 'shop' },
      key: 'app=api,namespace=shop',
      title: 'api/shop',
    });
  });
});

describe('doubleCountReason', () => {
  it('flags the pause container in both spellings', () => {
    expect(doubleCountReason({ container: 'POD', pod: 'p', id: '/x' }, 's')?.id).toBe('ingest.ignored.pause');
    expect(doubleCountReason({ pod: 'p', image: 'registry.k8s.io/pause:3.9', id: '/x' }, 's')?.id).toBe(
      'ingest.ignored.pause'
    );
    expect(doubleCountReason({ pod: 'p', image: 'k8s.gcr.io/pause-amd64:3.1', id: '/x' }, 's')?.id).toBe(
      'ingest.ignored.pause'
    );
    expect(doubleCountReason({ pod: 'p', container: 'app', image: 'acme/pauseless:1', id: '/x' }, 's')).toBeUndefined();
  });

  it('flags the pod-level cgroup of a raw cAdvisor series, not a sum by pod', () => {
    expect(doubleCountReason({ namespace: 'n', pod: 'p', id: '/kubepods/burstable/pod1' }, 's')).toEqual({
      id: 'ingest.ignored.podLevel',
      params: { series: 's' },
    });
    expect(doubleCountReason({ namespace: 'n', pod: 'p' }, 's')).toBeUndefined();
  });

  it('flags cgroup hierarchy series (the root "/" and system slices)', () => {
    expect(doubleCountReason({ id: '/' }, 's')).toEqual({
      id: 'ingest.ignored.cgroupHierarchy',
      params: { series: 's', cgroup: '/' },
    });
    expect(doubleCountReason({ id: '/system.slice/docker.service' }, 's')?.id).toBe('ingest.ignored.cgroupHierarchy');
    expect(doubleCountReason({ id: '/docker/abc', name: 'web', image: 'nginx' }, 's')).toBeUndefined();
  });
});
