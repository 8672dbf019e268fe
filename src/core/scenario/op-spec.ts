// The shape of an op's description, shared by the op tables of every family (ops.ts and the
// ops-*.ts files), so that each family can add its ops in its own file.

export type FieldKind =
  | 'u64' // 64-bit value: "0x..." or decimal string (or a safe integer)
  | 'int' // small integer (page_shift, levels, asid, status bits)
  | 'handle' // names an earlier step's `as`
  | 'string' // free string (path, device name, process name)
  | 'flags' // list of flag names from `values` (prefixes like VFIO_DMA_MAP_FLAG_ are accepted)
  | 'enum' // one of `values`
  | 'ranges' // [{ start, last }] inclusive
  | 'status'; // 0 or a list of virtio status bit names

export interface FieldSpec {
  readonly kind: FieldKind;
  readonly optional?: boolean;
  readonly values?: readonly string[];
  /** One-line help for forms and error messages. */
  readonly help?: string;
}

export type OpFamily = 'process' | 'vfio' | 'type1' | 'spapr' | 'iommufd' | 'vhost' | 'sva' | 'kvm' | 'meta';

export interface OpSpec {
  readonly family: OpFamily;
  readonly fields: Readonly<Record<string, FieldSpec>>;
  /** 'required': the op creates something and must name it; 'optional': it may. */
  readonly as?: 'required' | 'optional';
  readonly help: string;
}

export const fdField: FieldSpec = { kind: 'handle', help: 'file descriptor (a handle named by an earlier `as`)' };
export const u64Field = (help: string, optional = false): FieldSpec => ({ kind: 'u64', help, optional });
