// The VM's kvm-vfio pseudo device (virt/kvm/vfio.c, v6.12): its file list (GROUP_ADD / DEL, the
// attrs KVM_DEV_VFIO_FILE_ADD / _DEL under their legacy group names) and, on powerpc, the link
// of a group's hardware TCE table to a LIOBN table (KVM_DEV_VFIO_GROUP_SET_SPAPR_TCE,
// kvm_spapr_tce_attach_iommu_group in arch/powerpc/kvm/book3s_64_vio.c).
//
// QEMU creates the device with the VM (KVM_CREATE_DEVICE, KVM_DEV_TYPE_VFIO); the scenario's one
// VM has it from the start.

import type { StepFail, StepOutcome } from '../errno';
import { fail, ok } from '../errno';
import type { Handler } from '../sim/handler';
import type { Sim } from '../sim/sim';
import type { FileState } from '../sim/state';
import { hex } from '../u64';
import { fdget, isFail, kvmOf, ppcHost, shl, SRC } from './common';
import type { PeTable } from './hw-tables';
import { getTable, hwRefOf, peTables, putTable } from './hw-tables';
import type { KvmVfioFile, SpaprTceTable } from './types';

type FileId = KvmVfioFile['file'];

/** vfio_file_is_valid: a VFIO group file or a VFIO device file; identity of the struct file. */
function vfioFileId(fd: number, file: FileState): FileId | null {
  switch (file.kind) {
    case 'vfio-group': return { kind: 'group', group: file.group };
    case 'vfio-device': return { kind: 'device', fd, device: file.device };
    default: return null;
  }
}

function sameFile(a: FileId, b: FileId): boolean {
  if (a.kind === 'group' && b.kind === 'group') return a.group === b.group;
  if (a.kind === 'device' && b.kind === 'device') return a.fd === b.fd;
  return false;
}

/** The kvm-vfio entry for the file behind an open fd (kvf->file == fd_file(f)). */
function entryOf(sim: Sim, fd: number, file: FileState): KvmVfioFile | undefined {
  const id = vfioFileId(fd, file);
  return id ? kvmOf(sim).vfioFiles.find((e) => e.userFd && sameFile(e.file, id)) : undefined;
}

function describeFile(id: FileId): string {
  return id.kind === 'group' ? `group ${id.group}` : `device ${id.device} (fd ${id.fd})`;
}

export const groupAdd: Handler = (sim, step) => {
  const f = fdget(sim, step.groupfd, SRC.fileAdd, 'groupfd');
  if (isFail(f)) return f;
  const id = vfioFileId(f.fd, f.file);
  if (!id) return fail('EINVAL', `fd ${f.fd} is a ${f.file.kind} file, not a VFIO group or device file (vfio_file_is_valid)`, SRC.fileAdd);
  if (entryOf(sim, f.fd, f.file)) return fail('EEXIST', `${describeFile(id)} is already on the kvm-vfio device's list`, SRC.fileAdd);
  kvmOf(sim).vfioFiles.push({ file: id, iommuGroup: null, userFd: true });
  return ok({}, { note: `KVM now holds the ${id.kind} file (get_file): closing the fd no longer releases it; KVM_DEV_VFIO_GROUP_DEL does.` });
};

export const groupDel: Handler = (sim, step) => {
  const f = fdget(sim, step.groupfd, SRC.fileDel, 'groupfd');
  if (isFail(f)) return f;
  const kvm = kvmOf(sim);
  const e = entryOf(sim, f.fd, f.file);
  if (!e) return fail('ENOENT', `fd ${f.fd} (a ${f.file.kind} file) is not on the kvm-vfio device's list: it was never added, or already deleted`, SRC.fileDel);
  kvm.vfioFiles = kvm.vfioFiles.filter((x) => x !== e);
  // kvm_spapr_tce_release_vfio_group exists only with CONFIG_SPAPR_TCE_IOMMU.
  if (!ppcHost(sim)) return ok();
  if (e.iommuGroup === null) {
    return ok({}, {
      note: `KERNEL WARNING: ${describeFile(e.file)} was never named by KVM_DEV_VFIO_GROUP_SET_SPAPR_TCE, so kvf->iommu_group is NULL and ` +
        'kvm_spapr_tce_release_vfio_group hits WARN_ON_ONCE (a splat in dmesg; the delete still succeeds). Read from the code (virt/kvm/vfio.c, 6.12), unverified on a real kernel.',
    });
  }
  return ok({}, { note: releaseGroup(sim, e.iommuGroup) });
};

/**
 * kvm_spapr_tce_release_iommu_group: for every LIOBN table, put one kref of each link whose
 * hardware table is in the group's table_group->tables[] *now*. A group that already left its
 * container has no VFIO table there any more (unset_window cleared them): nothing is put, and
 * the links stay until the LIOBN fds are closed.
 */
export function releaseGroup(sim: Sim, group: number): string {
  const pe = peTables(sim, group);
  const kvm = kvmOf(sim);
  if (pe.length === 0) {
    return `Group ${group}'s PE holds no VFIO table now (it is in no sPAPR container, or its container has no window), ` +
      'so no LIOBN link is dropped: links made through it stay until their LIOBN fd is closed.';
  }
  const done: string[] = [];
  // kvm->arch.spapr_tce_tables is list_add_rcu'd: newest first.
  for (const t of [...kvm.tables.values()].reverse()) {
    for (const s of [...t.stits]) {
      const h = kvm.hwTables.get(s.hw);
      for (const p of pe) {
        if (!h || h.orphan || h.container !== p.container || h.slot !== p.slot) continue;
        s.kref--;
        s.groups = s.groups.filter((g) => g !== group);
        if (s.kref > 0) {
          done.push(`LIOBN ${hex(t.liobn)}: link to window ${hex(p.window.start)} kept (kref ${s.kref})`);
          continue;
        }
        t.stits = t.stits.filter((x) => x !== s);
        const freed = putTable(sim, s.hw);
        done.push(`LIOBN ${hex(t.liobn)}: link to window ${hex(p.window.start)} dropped` + (freed ? ` (${freed})` : ''));
      }
    }
  }
  return done.length ? done.join('; ') + '.' : `No LIOBN table links group ${group}'s tables.`;
}

export const setSpaprTce: Handler = (sim, step) => {
  if (!ppcHost(sim)) {
    return fail('ENXIO', `KVM_DEV_VFIO_GROUP_SET_SPAPR_TCE exists only with CONFIG_SPAPR_TCE_IOMMU (powerpc); not on ${sim.state.platform.name}`, SRC.setFile);
  }
  const f = fdget(sim, step.groupfd, SRC.setSpaprTce, 'groupfd');
  if (isFail(f)) return f;
  const e = entryOf(sim, f.fd, f.file);
  if (!e) return fail('ENOENT', `fd ${f.fd} is not on the kvm-vfio device's list: KVM_DEV_VFIO_GROUP_ADD it first`, SRC.setSpaprTce);
  if (e.iommuGroup === null) {
    // vfio_file_iommu_group: only a group file has one.
    if (e.file.kind !== 'group') {
      return fail('EIO', `fd ${f.fd} is a VFIO device file: vfio_file_iommu_group returns NULL for it (WARN_ON_ONCE)`, SRC.setSpaprTce);
    }
    e.iommuGroup = e.file.group;
  }
  return attach(sim, step.tablefd, e.iommuGroup);
};

/** kvm_spapr_tce_attach_iommu_group. */
function attach(sim: Sim, tablefd: unknown, group: number): StepOutcome {
  const tf = fdget(sim, tablefd, SRC.attach, 'tablefd');
  if (isFail(tf)) return tf;
  const kvm = kvmOf(sim);
  const t = tf.file.kind === 'kvm-spapr-tce' ? kvm.tables.get(tf.file.table) : undefined;
  if (!t) return fail('EINVAL', `tablefd (fd ${tf.fd}) is a ${tf.file.kind} file, not a TCE table fd of this VM (KVM_CREATE_SPAPR_TCE_64)`, SRC.attach);
  const pe = peTables(sim, group);
  const p = pe.find((x) => compatible(x, t));
  if (!p) return fail('EINVAL', noMatch(sim, group, pe, t), SRC.attach);
  // iommu_tce_table_get, then: is this table already linked to this LIOBN?
  const have = hwRefOf(sim, p.container, p.slot);
  const s = have ? t.stits.find((x) => x.hw === have.id) : undefined;
  if (have && s) {
    s.kref++;
    if (!s.groups.includes(group)) s.groups.push(group);
    // The reference iommu_tce_table_get took is not put on this path.
    have.leaked++;
    return ok({}, {
      note: `The table of window ${hex(p.window.start)} is already linked to LIOBN ${hex(t.liobn)}: its kref goes to ${s.kref}. ` +
        'KERNEL BUG (read from the code, unverified on a real kernel): the iommu_table reference taken just before is not put on ' +
        'this path, so the table can never be freed (its memory leaks).',
    });
  }
  const h = getTable(sim, p);
  t.stits.unshift({ hw: h.id, kref: 1, groups: [group] });
  return ok();
}

/** The compatibility test of kvm_spapr_tce_attach_iommu_group, in the kernel's u64 arithmetic. */
function compatible(p: PeTable, t: SpaprTceTable): boolean {
  const w = p.window;
  return w.pageShift <= t.pageShift && w.start === shl(t.offset, t.pageShift) && w.size >= shl(t.size, t.pageShift);
}

function noMatch(sim: Sim, group: number, pe: PeTable[], t: SpaprTceTable): string {
  const want = `guest window [${hex(shl(t.offset, t.pageShift))}, +${hex(shl(t.size, t.pageShift))}) of 2^${t.pageShift} pages`;
  if (pe.length === 0) {
    const g = sim.state.groups.get(group);
    const c = g?.container?.kind === 'container' ? sim.state.containers.get(g.container.id) : undefined;
    const st = c?.iommu?.kind === 'spapr' ? c.iommu : null;
    const why = !g?.container
      ? 'it is in no VFIO container (its PE then carries the host kernel\'s own default DMA table, which the simulator does not model; unverified whether it could match)'
      : !st
        ? 'its container has no sPAPR backend (VFIO_SET_IOMMU not done)'
        : st.defWindowPending
          ? 'its container has no window yet (the default window is only pending: it is created by the first MAP, UNMAP or TCE_CREATE)'
          : 'its container has no window: create the matching one with VFIO_IOMMU_SPAPR_TCE_CREATE first';
    return `group ${group}'s PE has no VFIO table for the ${want}: ${why}`;
  }
  const each = pe.map(({ window: w }) => {
    const bad: string[] = [];
    if (w.pageShift > t.pageShift) bad.push(`its page shift ${w.pageShift} > ${t.pageShift}`);
    if (w.start !== shl(t.offset, t.pageShift)) bad.push(`it starts at ${hex(w.start)}`);
    if (w.size < shl(t.size, t.pageShift)) bad.push(`it covers only ${hex(w.size)} bytes`);
    return `window [${hex(w.start)}, +${hex(w.size)}) of 2^${w.pageShift}: ${bad.join(', ')}`;
  });
  return `no hardware table of group ${group} fits the ${want} (it_page_shift <= ${t.pageShift}, same bus start, at least as large): ${each.join('; ')}`;
}

// ------------------------------------------------------------------ the files KVM holds

/**
 * close(2) of a VFIO group or device fd. If the kvm-vfio device holds that file, the file is not
 * released: for a group, it stays attached to its container (vfio_group_fops_release does not
 * run) and cannot be opened again; GroupState.fd becomes -1 (open, but no fd of the process
 * names it). Returns true when the caller must not release the file.
 */
export function kvmKeepsFileOnClose(sim: Sim, fd: number, file: FileState): boolean {
  const e = entryOf(sim, fd, file);
  if (!e) return false;
  e.userFd = false;
  // Device files: the kernel keeps the device open too, which the simulator does not model
  // (device opens are derived from the fd table): the device file is released as usual.
  if (e.file.kind !== 'group') return false;
  const g = sim.state.groups.get(e.file.group);
  if (g && g.fd === fd) g.fd = -1;
  return true;
}

/** open(2) of /dev/vfio/<group> while the kvm-vfio device still holds the group's file. */
export function groupHeldOpen(sim: Sim, group: number): StepFail | null {
  const held = kvmOf(sim).vfioFiles.find((e) => !e.userFd && e.file.kind === 'group' && e.file.group === group);
  if (!held) return null;
  return fail('EBUSY', `group ${group}'s file is still open: its fd was closed, but the kvm-vfio device holds it (KVM_DEV_VFIO_GROUP_ADD took a reference; no fd is left to KVM_DEV_VFIO_GROUP_DEL it)`, 'drivers/vfio/group.c: vfio_group_fops_open');
}
