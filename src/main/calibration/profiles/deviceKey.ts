import { parseDeviceIdentity } from '../../devices/codecs/deviceIdentity';

/**
 * Who a device is, for binding calibrations: `<model>/<serial>` from its identify reply
 * (`SC-IMU,fw=1.0.0,sn=000123` → `SC-IMU/000123`), or the USB serial number of its adapter where
 * the firmware reports none. Null when neither is known: a calibration must not be bound to a
 * port name, which another device may take tomorrow.
 */
export function deviceKeyOf(identity: string | null, usbSerialNumber?: string | null): string | null {
  if (identity !== null) {
    const parsed = parseDeviceIdentity(identity);
    if (parsed.serialNumber !== undefined && parsed.serialNumber !== '') return `${parsed.model}/${parsed.serialNumber}`;
  }
  return usbSerialNumber ? `usb:${usbSerialNumber}` : null;
}
