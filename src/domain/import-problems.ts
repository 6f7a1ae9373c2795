/**
 * Everything that can be wrong with an imported file, as data. templates/import.ts turns each into a Chinese
 * sentence; the import reports every problem with its sheet, row and column.
 */
export type ImportProblem =
  | { kind: 'unreadable_file'; reason: string }
  | { kind: 'too_many_rows'; max: number; seen: number }
  | { kind: 'missing_sheet' }
  | { kind: 'missing_header'; header: string }
  | { kind: 'unknown_header'; header: string; expected: string[] }
  | { kind: 'duplicate_header'; header: string }
  | { kind: 'office_rows'; count: number }
  | { kind: 'office_mismatch'; value: string; office: string }
  | { kind: 'office_unknown' }
  | { kind: 'required' }
  | { kind: 'required_one_of'; columns: string[] }
  | { kind: 'bad_mobile'; value: string }
  | { kind: 'bad_day'; value: string }
  | { kind: 'bad_count'; value: string }
  | { kind: 'unknown_role'; value: string; allowed: string[] }
  | { kind: 'unknown_school_type'; value: string; allowed: readonly string[] }
  | { kind: 'duplicate_row'; value: string; firstRow: number }
  | { kind: 'unknown_zone'; value: string }
  | { kind: 'unknown_school'; value: string }
  | { kind: 'unknown_person'; value: string }
  | { kind: 'ambiguous_person'; value: string; count: number }
  | { kind: 'not_supervisor'; name: string }
  | { kind: 'role_needs'; role: string; column: string }
  | { kind: 'ends_before_start'; startsOn: string; endsOn: string }
  | { kind: 'identity_taken'; value: string; holder: string }
  | { kind: 'alias_taken'; value: string; school: string }
  | { kind: 'already_assigned'; supervisor: string; school: string; since: string }
  | { kind: 'quota'; supervisor: string; school: string; max: number; day: string; schools: string[] };

/** One problem located in the file. Rows are spreadsheet rows: the header is row 1, the first item row 2. */
export interface ImportError {
  sheet: string;
  row?: number;
  column?: string;
  message: string;
}
