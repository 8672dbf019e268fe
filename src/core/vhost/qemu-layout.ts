// Guest RAM as QEMU's vhost-vdpa memory listener sees it: the RAM (and ROM) sections of the
// flat view, one VHOST_IOTLB_UPDATE each (hw/virtio/vhost-vdpa.c, reference §2.1 and §2.3).
//
// ESTIMATE (reference §2.3, "not run"): the standard q35 layout derived from a RAM size. Below
// 2.75 GiB all RAM sits below 4 GiB; from 2.75 GiB (0xB0000000) on, q35 keeps 2 GiB low and puts
// the rest at 4 GiB. The legacy area [0xC0000, 0x100000) is shown as QEMU's pc.rom (option ROMs)
// and isa-bios (an alias of the last 128 KiB of pc.bios), both read-only; depending on PAM
// programming QEMU may split it differently. pc.bios is assumed to be SeaBIOS's 256 KiB.

import type { u64 } from '../u64';
import { alignUp, GiB, KiB, MiB } from '../u64';

export interface RamSection {
  readonly name: string;
  /** Guest physical address = the IOVA QEMU uses (no shadow virtqueues). */
  readonly gpa: u64;
  readonly size: u64;
  /** Host (QEMU process) virtual address: the UPDATE's uaddr. */
  readonly hva: u64;
  /** ROM: mapped with perm RO. */
  readonly readonly: boolean;
}

const LOW_RAM_END = 0xa0000n;
const PC_ROM = { gpa: 0xc0000n, size: 128n * KiB };
const ISA_BIOS = { gpa: 0xe0000n, size: 128n * KiB };
const BIOS_SIZE = 256n * KiB;
const FOUR_GIB = 4n * GiB;
/** q35: RAM from this size on is split 2 GiB low / rest above 4 GiB (pc_q35_init). */
const Q35_SPLIT_FROM = 0xb0000000n;
const Q35_LOWMEM = 0x80000000n;

/** Where the layout puts guest RAM in the QEMU process when the macro does not say. */
export function defaultRamHva(ramSize: u64): u64 {
  return 0x7f0000000000n - (alignUp(ramSize + 64n * MiB, GiB) ?? 0n);
}

/** The q35 flat view's RAM/ROM sections for `ramSize` bytes of guest RAM (an ESTIMATE). */
export function q35Layout(ramSize: u64, hva: u64 = defaultRamHva(ramSize)): RamSection[] {
  const low = ramSize >= Q35_SPLIT_FROM ? Q35_LOWMEM : ramSize;
  // Separate host allocations for the ROMs, after guest RAM.
  const romHva = hva + (alignUp(ramSize, 2n * MiB) ?? ramSize);
  const biosHva = romHva + 2n * MiB;
  const out: RamSection[] = [
    { name: 'pc.ram below 640 KiB', gpa: 0n, size: LOW_RAM_END, hva, readonly: false },
    { name: 'pc.rom (option ROMs)', gpa: PC_ROM.gpa, size: PC_ROM.size, hva: romHva, readonly: true },
    { name: 'isa-bios (alias of the top of pc.bios)', gpa: ISA_BIOS.gpa, size: ISA_BIOS.size, hva: biosHva + BIOS_SIZE - ISA_BIOS.size, readonly: true },
    { name: 'pc.ram from 1 MiB', gpa: MiB, size: low - MiB, hva: hva + MiB, readonly: false },
    { name: 'pc.bios', gpa: FOUR_GIB - BIOS_SIZE, size: BIOS_SIZE, hva: biosHva, readonly: true },
  ];
  if (ramSize > low) out.push({ name: 'pc.ram above 4 GiB', gpa: FOUR_GIB, size: ramSize - low, hva: hva + low, readonly: false });
  return out;
}

/** The smallest RAM size the q35 estimate accepts (RAM must reach past 1 MiB). */
export const Q35_MIN_RAM = 2n * MiB;
/** The largest (the default host placement must fit below 0x7f0000000000). */
export const Q35_MAX_RAM = 64n * 1024n * GiB;
