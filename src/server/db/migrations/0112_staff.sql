-- Cán bộ, công chức, viên chức: the people whose work the product records, whether or not they sign in.
-- Staff evaluation (Decree 335/2025/NĐ-CP, Decree 90/2020 as amended by Decree 48/2023) scores them from
-- the tasks they are responsible for; emulation and commendation (Law 06/2022/QH15) judges their titles
-- from the same records. A person may be linked to the account they sign in with.

CREATE TABLE staff_member (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  full_name text NOT NULL CHECK (length(full_name) BETWEEN 1 AND 200),
  org_unit_id integer NOT NULL REFERENCES org_unit (id),
  user_id integer UNIQUE REFERENCES app_user (id),
  -- CONG_CHUC: civil servant (Law on Cadres and Civil Servants); VIEN_CHUC: public employee (Law on Public
  -- Employees); CAN_BO: elected or appointed cadre; NGUOI_LAO_DONG: contract worker.
  kind text NOT NULL CHECK (kind IN ('CAN_BO', 'CONG_CHUC', 'VIEN_CHUC', 'NGUOI_LAO_DONG')),
  position text,
  is_manager boolean NOT NULL DEFAULT false,
  active_from date,
  active_to date,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (active_to IS NULL OR active_from IS NULL OR active_to >= active_from)
);
CREATE INDEX staff_member_unit_idx ON staff_member (org_unit_id);

-- The official responsible for a task, as a person of the register (the free-text name stays for documents
-- that name someone outside it).
ALTER TABLE task ADD COLUMN responsible_staff_id integer REFERENCES staff_member (id);
CREATE INDEX task_responsible_staff_idx ON task (responsible_staff_id) WHERE responsible_staff_id IS NOT NULL;
