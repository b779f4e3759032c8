/** A device's answer to identify, e.g. `SC-IMU,fw=1.2.0,sn=000123`. */
export interface DeviceIdentity {
  /** The first field: the device model (`SC-IMU`). */
  readonly model: string;
  /** `fw=`, if given. */
  readonly firmware: string | undefined;
  /** `sn=`, if given; calibration profiles bind to it. */
  readonly serialNumber: string | undefined;
  /** Every `key=value` field, including fw and sn. */
  readonly fields: Readonly<Record<string, string>>;
}

/** Parses an identity string: the model, then comma-separated `key=value` fields (others ignored). */
export function parseDeviceIdentity(id: string): DeviceIdentity {
  const [model = '', ...rest] = id.split(',').map((part) => part.trim());
  const fields: Record<string, string> = {};
  for (const part of rest) {
    const eq = part.indexOf('=');
    if (eq > 0) fields[part.slice(0, eq)] = part.slice(eq + 1);
  }
  return { model, firmware: fields.fw, serialNumber: fields.sn, fields };
}
