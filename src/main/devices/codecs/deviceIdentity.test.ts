import { describe, expect, it } from 'vitest';
import { parseDeviceIdentity } from './deviceIdentity';

describe('parseDeviceIdentity', () => {
  it('reads the model, firmware and serial number', () => {
    expect(parseDeviceIdentity('SC-IMU,fw=1.2.0,sn=000123')).toEqual({
      model: 'SC-IMU',
      firmware: '1.2.0',
      serialNumber: '000123',
      fields: { fw: '1.2.0', sn: '000123' },
    });
  });

  it('tolerates missing fields and stray parts', () => {
    expect(parseDeviceIdentity('SC-ECHO, rx=4 ,junk')).toEqual({
      model: 'SC-ECHO',
      firmware: undefined,
      serialNumber: undefined,
      fields: { rx: '4' },
    });
  });
});
