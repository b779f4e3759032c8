import { useEffect, useState } from 'react';
import type { ModelVersion } from '../../../../shared/domain/registry';
import { api } from '../../bridge/api';

/** The registry's versions, kept current as versions and aliases change. */
export function useRegistryVersions(): ModelVersion[] {
  const [versions, setVersions] = useState<ModelVersion[]>([]);
  useEffect(() => {
    const refresh = (): void => void api.call('registry.versions', {}).then(setVersions, () => undefined);
    refresh();
    return api.on('registry.changed', refresh);
  }, []);
  return versions;
}
