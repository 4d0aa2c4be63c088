// generated — do not edit. Run `make gen` to regenerate from db/migrations.
// Produced by @supabase/postgres-meta's TypeScript generator over a freshly migrated database.

export type Json =
  | string
  | number
  | boolean
  | null
  | { [key: string]: Json | undefined }
  | Json[]

export type Database = {
  public: {
    Tables: {
      activities: {
        Row: {
          activity_date: string
          anonymous_participants: number
          created_at: string
          deleted_at: string | null
          duration_minutes: number
          id: string
          in_norway: boolean
          kind: Database["public"]["Enums"]["activity_kind"]
          municipality_code: string | null
          municipality_code_version: string | null
          org_id: string
          registered_by: string
          registration_path: Database["public"]["Enums"]["registration_path"]
          review_confirmed_at: string | null
          review_confirmed_by: string | null
          updated_at: string
        }
        Insert: {
          activity_date: string
          anonymous_participants?: number
          created_at?: string
          deleted_at?: string | null
          duration_minutes: number
          id?: string
          in_norway?: boolean
          kind: Database["public"]["Enums"]["activity_kind"]
          municipality_code?: string | null
          municipality_code_version?: string | null
          org_id: string
          registered_by?: string
          registration_path: Database["public"]["Enums"]["registration_path"]
          review_confirmed_at?: string | null
          review_confirmed_by?: string | null
          updated_at?: string
        }
        Update: {
          activity_date?: string
          anonymous_participants?: number
          created_at?: string
          deleted_at?: string | null
          duration_minutes?: number
          id?: string
          in_norway?: boolean
          kind?: Database["public"]["Enums"]["activity_kind"]
          municipality_code?: string | null
          municipality_code_version?: string | null
          org_id?: string
          registered_by?: string
          registration_path?: Database["public"]["Enums"]["registration_path"]
          review_confirmed_at?: string | null
          review_confirmed_by?: string | null
          updated_at?: string
        }
        Relationships: [
          {
            foreignKeyName: "activities_org_id_fkey"
            columns: ["org_id"]
            isOneToOne: false
            referencedRelation: "organisations"
            referencedColumns: ["id"]
          },
        ]
      }
      activity_mentors: {
        Row: {
          activity_id: string
          mentor_id: string
          org_id: string
        }
        Insert: {
          activity_id: string
          mentor_id: string
          org_id: string
        }
        Update: {
          activity_id?: string
          mentor_id?: string
          org_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "activity_mentors_org_id_activity_id_fkey"
            columns: ["org_id", "activity_id"]
            isOneToOne: false
            referencedRelation: "activities"
            referencedColumns: ["org_id", "id"]
          },
          {
            foreignKeyName: "activity_mentors_org_id_mentor_id_fkey"
            columns: ["org_id", "mentor_id"]
            isOneToOne: false
            referencedRelation: "members"
            referencedColumns: ["org_id", "user_id"]
          },
        ]
      }
      activity_participants: {
        Row: {
          activity_id: string
          contact_id: string
          org_id: string
        }
        Insert: {
          activity_id: string
          contact_id: string
          org_id: string
        }
        Update: {
          activity_id?: string
          contact_id?: string
          org_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "activity_participants_org_id_activity_id_fkey"
            columns: ["org_id", "activity_id"]
            isOneToOne: false
            referencedRelation: "activities"
            referencedColumns: ["org_id", "id"]
          },
          {
            foreignKeyName: "activity_participants_org_id_contact_id_fkey"
            columns: ["org_id", "contact_id"]
            isOneToOne: false
            referencedRelation: "contacts"
            referencedColumns: ["org_id", "id"]
          },
        ]
      }
      bufdir_counting_rules: {
        Row: {
          counting_kinds: Database["public"]["Enums"]["activity_kind"][]
          course_min_minutes: number
          created_at: string
          description: string
          group_min_minutes: number
          group_min_participants: number
          logic_version: number
          max_anonymous_participants: number
          max_known_participants: number
          max_minutes_per_activity: number
          max_minutes_per_mentor_day: number
          outreach_min_participants: number
          require_in_norway: boolean
          valid_from: string
          version: string
        }
        Insert: {
          counting_kinds: Database["public"]["Enums"]["activity_kind"][]
          course_min_minutes: number
          created_at?: string
          description: string
          group_min_minutes: number
          group_min_participants: number
          logic_version: number
          max_anonymous_participants?: number
          max_known_participants?: number
          max_minutes_per_activity?: number
          max_minutes_per_mentor_day?: number
          outreach_min_participants: number
          require_in_norway: boolean
          valid_from: string
          version: string
        }
        Update: {
          counting_kinds?: Database["public"]["Enums"]["activity_kind"][]
          course_min_minutes?: number
          created_at?: string
          description?: string
          group_min_minutes?: number
          group_min_participants?: number
          logic_version?: number
          max_anonymous_participants?: number
          max_known_participants?: number
          max_minutes_per_activity?: number
          max_minutes_per_mentor_day?: number
          outreach_min_participants?: number
          require_in_norway?: boolean
          valid_from?: string
          version?: string
        }
        Relationships: []
      }
      bufdir_export_audit_log: {
        Row: {
          exported_at: string
          exported_by: string | null
          id: string
          org_id: string
          payload: NonNullable<Json>
          payload_sha256: string
          period_end: string
          period_start: string
          record_count: number
          rule_version: string
          snapshot_id: string
        }
        Insert: {
          exported_at?: string
          exported_by?: string | null
          id?: string
          org_id: string
          payload: NonNullable<Json>
          payload_sha256: string
          period_end: string
          period_start: string
          record_count: number
          rule_version: string
          snapshot_id: string
        }
        Update: {
          exported_at?: string
          exported_by?: string | null
          id?: string
          org_id?: string
          payload?: NonNullable<Json>
          payload_sha256?: string
          period_end?: string
          period_start?: string
          record_count?: number
          rule_version?: string
          snapshot_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "bufdir_export_audit_log_org_id_fkey"
            columns: ["org_id"]
            isOneToOne: false
            referencedRelation: "organisations"
            referencedColumns: ["id"]
          },
        ]
      }
      bufdir_metric_snapshots: {
        Row: {
          computed_at: string
          content_hash: string
          generated_by: string | null
          id: string
          org_id: string
          period_end: string
          period_start: string
          record_count_at_generation: number
          rule_version: string
          snapshot_json: NonNullable<Json>
        }
        Insert: {
          computed_at?: string
          content_hash: string
          generated_by?: string | null
          id?: string
          org_id: string
          period_end: string
          period_start: string
          record_count_at_generation: number
          rule_version: string
          snapshot_json: NonNullable<Json>
        }
        Update: {
          computed_at?: string
          content_hash?: string
          generated_by?: string | null
          id?: string
          org_id?: string
          period_end?: string
          period_start?: string
          record_count_at_generation?: number
          rule_version?: string
          snapshot_json?: NonNullable<Json>
        }
        Relationships: [
          {
            foreignKeyName: "bufdir_metric_snapshots_org_id_fkey"
            columns: ["org_id"]
            isOneToOne: false
            referencedRelation: "organisations"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "bufdir_metric_snapshots_rule_version_fkey"
            columns: ["rule_version"]
            isOneToOne: false
            referencedRelation: "bufdir_counting_rules"
            referencedColumns: ["version"]
          },
        ]
      }
      contacts: {
        Row: {
          birth_year: number | null
          created_at: string
          created_by: string
          deleted_at: string | null
          email: string | null
          full_name: string
          id: string
          municipality_code: string | null
          municipality_code_version: string | null
          org_id: string
          phone: string | null
          updated_at: string
        }
        Insert: {
          birth_year?: number | null
          created_at?: string
          created_by?: string
          deleted_at?: string | null
          email?: string | null
          full_name: string
          id?: string
          municipality_code?: string | null
          municipality_code_version?: string | null
          org_id: string
          phone?: string | null
          updated_at?: string
        }
        Update: {
          birth_year?: number | null
          created_at?: string
          created_by?: string
          deleted_at?: string | null
          email?: string | null
          full_name?: string
          id?: string
          municipality_code?: string | null
          municipality_code_version?: string | null
          org_id?: string
          phone?: string | null
          updated_at?: string
        }
        Relationships: [
          {
            foreignKeyName: "contacts_org_id_fkey"
            columns: ["org_id"]
            isOneToOne: false
            referencedRelation: "organisations"
            referencedColumns: ["id"]
          },
        ]
      }
      members: {
        Row: {
          approval_status: Database["public"]["Enums"]["approval_status"]
          created_at: string
          org_id: string
          role: Database["public"]["Enums"]["member_role"]
          updated_at: string
          user_id: string
        }
        Insert: {
          approval_status?: Database["public"]["Enums"]["approval_status"]
          created_at?: string
          org_id: string
          role: Database["public"]["Enums"]["member_role"]
          updated_at?: string
          user_id: string
        }
        Update: {
          approval_status?: Database["public"]["Enums"]["approval_status"]
          created_at?: string
          org_id?: string
          role?: Database["public"]["Enums"]["member_role"]
          updated_at?: string
          user_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "members_org_id_fkey"
            columns: ["org_id"]
            isOneToOne: false
            referencedRelation: "organisations"
            referencedColumns: ["id"]
          },
        ]
      }
      mentor_active_periods: {
        Row: {
          active_from: string
          active_to: string | null
          created_at: string
          id: string
          mentor_id: string
          org_id: string
        }
        Insert: {
          active_from: string
          active_to?: string | null
          created_at?: string
          id?: string
          mentor_id: string
          org_id: string
        }
        Update: {
          active_from?: string
          active_to?: string | null
          created_at?: string
          id?: string
          mentor_id?: string
          org_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "mentor_active_periods_org_id_mentor_id_fkey"
            columns: ["org_id", "mentor_id"]
            isOneToOne: false
            referencedRelation: "members"
            referencedColumns: ["org_id", "user_id"]
          },
        ]
      }
      organisation_review_limits: {
        Row: {
          max_anonymous_participants: number | null
          max_known_participants: number | null
          max_minutes_per_activity: number | null
          org_id: string
          updated_at: string
          updated_by: string | null
        }
        Insert: {
          max_anonymous_participants?: number | null
          max_known_participants?: number | null
          max_minutes_per_activity?: number | null
          org_id: string
          updated_at?: string
          updated_by?: string | null
        }
        Update: {
          max_anonymous_participants?: number | null
          max_known_participants?: number | null
          max_minutes_per_activity?: number | null
          org_id?: string
          updated_at?: string
          updated_by?: string | null
        }
        Relationships: [
          {
            foreignKeyName: "organisation_review_limits_org_id_fkey"
            columns: ["org_id"]
            isOneToOne: true
            referencedRelation: "organisations"
            referencedColumns: ["id"]
          },
        ]
      }
      organisations: {
        Row: {
          created_at: string
          id: string
          name: string
          updated_at: string
        }
        Insert: {
          created_at?: string
          id?: string
          name: string
          updated_at?: string
        }
        Update: {
          created_at?: string
          id?: string
          name?: string
          updated_at?: string
        }
        Relationships: []
      }
      periodic_summaries: {
        Row: {
          generated_at: string
          id: string
          invalidated_at: string | null
          mentor_id: string | null
          org_id: string
          period_end: string
          period_start: string
          period_type: Database["public"]["Enums"]["summary_period_type"]
          summary_data: NonNullable<Json>
          updated_at: string
          version: number
        }
        Insert: {
          generated_at?: string
          id?: string
          invalidated_at?: string | null
          mentor_id?: string | null
          org_id: string
          period_end: string
          period_start: string
          period_type: Database["public"]["Enums"]["summary_period_type"]
          summary_data: NonNullable<Json>
          updated_at?: string
          version?: number
        }
        Update: {
          generated_at?: string
          id?: string
          invalidated_at?: string | null
          mentor_id?: string | null
          org_id?: string
          period_end?: string
          period_start?: string
          period_type?: Database["public"]["Enums"]["summary_period_type"]
          summary_data?: NonNullable<Json>
          updated_at?: string
          version?: number
        }
        Relationships: [
          {
            foreignKeyName: "periodic_summaries_org_id_fkey"
            columns: ["org_id"]
            isOneToOne: false
            referencedRelation: "organisations"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "periodic_summaries_org_id_mentor_id_fkey"
            columns: ["org_id", "mentor_id"]
            isOneToOne: false
            referencedRelation: "members"
            referencedColumns: ["org_id", "user_id"]
          },
        ]
      }
      summary_job_failures: {
        Row: {
          as_of: string
          failed_at: string
          id: number
          message: string
          org_id: string
          period_start: string | null
          period_type: Database["public"]["Enums"]["summary_period_type"] | null
          sqlstate: string
        }
        Insert: {
          as_of: string
          failed_at?: string
          id?: never
          message: string
          org_id: string
          period_start?: string | null
          period_type?:
            | Database["public"]["Enums"]["summary_period_type"]
            | null
          sqlstate: string
        }
        Update: {
          as_of?: string
          failed_at?: string
          id?: never
          message?: string
          org_id?: string
          period_start?: string | null
          period_type?:
            | Database["public"]["Enums"]["summary_period_type"]
            | null
          sqlstate?: string
        }
        Relationships: [
          {
            foreignKeyName: "summary_job_failures_org_id_fkey"
            columns: ["org_id"]
            isOneToOne: false
            referencedRelation: "organisations"
            referencedColumns: ["id"]
          },
        ]
      }
      summary_push_outbox: {
        Row: {
          created_at: string
          delivered_at: string | null
          event: string
          id: number
          mentor_id: string | null
          org_id: string
          period_start: string
          period_type: Database["public"]["Enums"]["summary_period_type"]
          version: number
        }
        Insert: {
          created_at?: string
          delivered_at?: string | null
          event: string
          id?: never
          mentor_id?: string | null
          org_id: string
          period_start: string
          period_type: Database["public"]["Enums"]["summary_period_type"]
          version: number
        }
        Update: {
          created_at?: string
          delivered_at?: string | null
          event?: string
          id?: never
          mentor_id?: string | null
          org_id?: string
          period_start?: string
          period_type?: Database["public"]["Enums"]["summary_period_type"]
          version?: number
        }
        Relationships: [
          {
            foreignKeyName: "summary_push_outbox_org_id_fkey"
            columns: ["org_id"]
            isOneToOne: false
            referencedRelation: "organisations"
            referencedColumns: ["id"]
          },
        ]
      }
    }
    Views: {
      [_ in never]: never
    }
    Functions: {
      add_contact: {
        Args: {
          birth_year?: number
          email?: string
          full_name: string
          municipality_code?: string
          municipality_code_version?: string
          org_id: string
          phone?: string
        }
        Returns: {
          birth_year: number | null
          created_at: string
          created_by: string
          deleted_at: string | null
          email: string | null
          full_name: string
          id: string
          municipality_code: string | null
          municipality_code_version: string | null
          org_id: string
          phone: string | null
          updated_at: string
        }
        SetofOptions: {
          from: "*"
          to: "contacts"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      add_member: {
        Args: {
          email: string
          org_id: string
          role: Database["public"]["Enums"]["member_role"]
        }
        Returns: Database["public"]["CompositeTypes"]["membership"]
        SetofOptions: {
          from: "*"
          to: "membership"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      add_mentor_active_period: {
        Args: {
          active_from: string
          active_to?: string
          mentor_id: string
          org_id: string
        }
        Returns: {
          active_from: string
          active_to: string | null
          created_at: string
          id: string
          mentor_id: string
          org_id: string
        }
        SetofOptions: {
          from: "*"
          to: "mentor_active_periods"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      compute_bufdir_metrics: {
        Args: { org_id: string; period_end: string; period_start: string }
        Returns: Json
      }
      confirm_activity: {
        Args: { activity_id: string; org_id: string }
        Returns: Database["public"]["CompositeTypes"]["held_activity"]
        SetofOptions: {
          from: "*"
          to: "held_activity"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      count_entries_by_verdict: {
        Args: { org_id: string; period_end: string; period_start: string }
        Returns: {
          entries: number
          verdict: Database["public"]["Enums"]["entry_verdict"]
        }[]
      }
      create_organisation: {
        Args: { admin_email: string; name: string }
        Returns: {
          created_at: string
          id: string
          name: string
          updated_at: string
        }
        SetofOptions: {
          from: "*"
          to: "organisations"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      custom_access_token_hook: { Args: { event: Json }; Returns: Json }
      delete_activity: {
        Args: { activity_id: string; org_id: string }
        Returns: Database["public"]["CompositeTypes"]["activity_registration"]
        SetofOptions: {
          from: "*"
          to: "activity_registration"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      delete_metric_snapshot: {
        Args: { org_id: string; period_end: string; period_start: string }
        Returns: undefined
      }
      edit_activity: {
        Args: {
          activity_date: string
          activity_id: string
          anonymous_participants?: number
          duration_minutes: number
          in_norway?: boolean
          kind: Database["public"]["Enums"]["activity_kind"]
          mentor_ids: string[]
          municipality_code?: string
          municipality_code_version?: string
          org_id: string
          participant_ids?: string[]
        }
        Returns: Database["public"]["CompositeTypes"]["activity_registration"]
        SetofOptions: {
          from: "*"
          to: "activity_registration"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      end_mentor_active_period: {
        Args: { active_to: string; org_id: string; period_id: string }
        Returns: {
          active_from: string
          active_to: string | null
          created_at: string
          id: string
          mentor_id: string
          org_id: string
        }
        SetofOptions: {
          from: "*"
          to: "mentor_active_periods"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      explain_activities: {
        Args: { org_id: string; period_end: string; period_start: string }
        Returns: Database["public"]["CompositeTypes"]["activity_verdict"][]
        SetofOptions: {
          from: "*"
          to: "activity_verdict"
          isOneToOne: false
          isSetofReturn: true
        }
      }
      explain_activity: {
        Args: { activity_id: string; org_id: string }
        Returns: Database["public"]["CompositeTypes"]["activity_verdict"]
        SetofOptions: {
          from: "*"
          to: "activity_verdict"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      export_bufdir_report: {
        Args: {
          org_id: string
          period_end: string
          period_start: string
          refresh?: boolean
        }
        Returns: {
          exported_at: string
          exported_by: string | null
          id: string
          org_id: string
          payload: NonNullable<Json>
          payload_sha256: string
          period_end: string
          period_start: string
          record_count: number
          rule_version: string
          snapshot_id: string
        }
        SetofOptions: {
          from: "*"
          to: "bufdir_export_audit_log"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      generate_periodic_summaries: {
        Args: {
          org_id: string
          period_start: string
          period_type: Database["public"]["Enums"]["summary_period_type"]
        }
        Returns: {
          generated_at: string
          id: string
          invalidated_at: string | null
          mentor_id: string | null
          org_id: string
          period_end: string
          period_start: string
          period_type: Database["public"]["Enums"]["summary_period_type"]
          summary_data: NonNullable<Json>
          updated_at: string
          version: number
        }[]
        SetofOptions: {
          from: "*"
          to: "periodic_summaries"
          isOneToOne: false
          isSetofReturn: true
        }
      }
      get_metric_snapshot: {
        Args: { org_id: string; period_end: string; period_start: string }
        Returns: {
          computed_at: string
          content_hash: string
          generated_by: string | null
          id: string
          org_id: string
          period_end: string
          period_start: string
          record_count_at_generation: number
          rule_version: string
          snapshot_json: NonNullable<Json>
        }[]
        SetofOptions: {
          from: "*"
          to: "bufdir_metric_snapshots"
          isOneToOne: false
          isSetofReturn: true
        }
      }
      invalidate_periodic_summaries: {
        Args: { org_id: string; period_end: string; period_start: string }
        Returns: number
      }
      list_activities: {
        Args: { org_id: string; period_end: string; period_start: string }
        Returns: Database["public"]["CompositeTypes"]["activity_registration"][]
        SetofOptions: {
          from: "*"
          to: "activity_registration"
          isOneToOne: false
          isSetofReturn: true
        }
      }
      list_contacts: {
        Args: { org_id: string }
        Returns: {
          birth_year: number | null
          created_at: string
          created_by: string
          deleted_at: string | null
          email: string | null
          full_name: string
          id: string
          municipality_code: string | null
          municipality_code_version: string | null
          org_id: string
          phone: string | null
          updated_at: string
        }[]
        SetofOptions: {
          from: "*"
          to: "contacts"
          isOneToOne: false
          isSetofReturn: true
        }
      }
      list_held_activities: {
        Args: { org_id: string; period_end: string; period_start: string }
        Returns: Database["public"]["CompositeTypes"]["held_activity"][]
        SetofOptions: {
          from: "*"
          to: "held_activity"
          isOneToOne: false
          isSetofReturn: true
        }
      }
      list_member_names: {
        Args: { org_id: string }
        Returns: {
          display_name: string
          email: string
          role: Database["public"]["Enums"]["member_role"]
          user_id: string
        }[]
      }
      list_members: {
        Args: { org_id: string }
        Returns: Database["public"]["CompositeTypes"]["membership"][]
        SetofOptions: {
          from: "*"
          to: "membership"
          isOneToOne: false
          isSetofReturn: true
        }
      }
      list_mentor_active_periods: {
        Args: { org_id: string }
        Returns: {
          active_from: string
          active_to: string | null
          created_at: string
          id: string
          mentor_id: string
          org_id: string
        }[]
        SetofOptions: {
          from: "*"
          to: "mentor_active_periods"
          isOneToOne: false
          isSetofReturn: true
        }
      }
      list_organisations: {
        Args: Record<PropertyKey, never>
        Returns: {
          approval_status: Database["public"]["Enums"]["approval_status"]
          created_at: string
          id: string
          name: string
          role: Database["public"]["Enums"]["member_role"]
        }[]
      }
      list_periodic_summaries_since: {
        Args: { org_id: string; page_size?: number; since_cursor?: string }
        Returns: {
          cursor: string
          generated_at: string
          invalidated_at: string
          mentor_id: string
          operation: string
          period_end: string
          period_start: string
          period_type: Database["public"]["Enums"]["summary_period_type"]
          summary_data: Json
          summary_id: string
          updated_at: string
          version: number
        }[]
      }
      metric_snapshot_status: {
        Args: { org_id: string; period_end: string; period_start: string }
        Returns: Database["public"]["CompositeTypes"]["metric_snapshot_status"]
        SetofOptions: {
          from: "*"
          to: "metric_snapshot_status"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      refresh_metric_snapshot: {
        Args: { org_id: string; period_end: string; period_start: string }
        Returns: {
          computed_at: string
          content_hash: string
          generated_by: string | null
          id: string
          org_id: string
          period_end: string
          period_start: string
          record_count_at_generation: number
          rule_version: string
          snapshot_json: NonNullable<Json>
        }
        SetofOptions: {
          from: "*"
          to: "bufdir_metric_snapshots"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      register_activity: {
        Args: {
          activity_date: string
          anonymous_participants?: number
          duration_minutes: number
          in_norway?: boolean
          kind: Database["public"]["Enums"]["activity_kind"]
          mentor_ids: string[]
          municipality_code?: string
          municipality_code_version?: string
          org_id: string
          participant_ids?: string[]
          registration_path: Database["public"]["Enums"]["registration_path"]
        }
        Returns: Database["public"]["CompositeTypes"]["activity_registration"]
        SetofOptions: {
          from: "*"
          to: "activity_registration"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      save_metric_snapshot: {
        Args: {
          org_id: string
          period_end: string
          period_start: string
          snapshot_json: Json
        }
        Returns: {
          computed_at: string
          content_hash: string
          generated_by: string | null
          id: string
          org_id: string
          period_end: string
          period_start: string
          record_count_at_generation: number
          rule_version: string
          snapshot_json: NonNullable<Json>
        }
        SetofOptions: {
          from: "*"
          to: "bufdir_metric_snapshots"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      set_member_status: {
        Args: {
          approval_status: Database["public"]["Enums"]["approval_status"]
          org_id: string
          user_id: string
        }
        Returns: Database["public"]["CompositeTypes"]["membership"]
        SetofOptions: {
          from: "*"
          to: "membership"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      set_review_limits: {
        Args: {
          max_anonymous_participants?: number
          max_known_participants?: number
          max_minutes_per_activity?: number
          org_id: string
        }
        Returns: {
          max_anonymous_participants: number | null
          max_known_participants: number | null
          max_minutes_per_activity: number | null
          org_id: string
          updated_at: string
          updated_by: string | null
        }
        SetofOptions: {
          from: "*"
          to: "organisation_review_limits"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      set_summaries_enabled: {
        Args: { enabled: boolean; org_id: string }
        Returns: undefined
      }
      verify_metric_snapshot: {
        Args: { org_id: string; period_end: string; period_start: string }
        Returns: {
          figure: string
          persisted_value: Json
          recomputed_value: Json
        }[]
      }
    }
    Enums: {
      activity_kind:
        | "in_person_outreach"
        | "phone_or_digital"
        | "group_meeting"
        | "mentor_course"
        | "other"
      approval_status: "pending" | "approved" | "revoked"
      entry_verdict:
        | "counts"
        | "no_active_mentor"
        | "held_for_review"
        | "merged_proxy_twin"
        | "kind_not_counted"
        | "abroad"
        | "too_few_participants"
        | "too_short"
        | "same_day_repeat"
        | "deleted"
      inactive_mentor_reason:
        | "pending_approval"
        | "revoked"
        | "outside_active_period"
        | "no_mentor"
      left_out_reason: "no_active_mentor" | "held_for_review"
      member_role: "peer_mentor" | "coordinator" | "admin"
      registration_path: "direct" | "proxy" | "bulk"
      review_limit:
        | "minutes_per_activity"
        | "anonymous_participants"
        | "known_participants"
      summary_period_type: "month" | "quarter" | "half_year" | "year"
    }
    CompositeTypes: {
      activity_registration: {
        org_id: string | null
        id: string | null
        kind: Database["public"]["Enums"]["activity_kind"] | null
        activity_date: string | null
        duration_minutes: number | null
        anonymous_participants: number | null
        municipality_code: string | null
        municipality_code_version: string | null
        in_norway: boolean | null
        registration_path:
          | Database["public"]["Enums"]["registration_path"]
          | null
        registered_by: string | null
        created_at: string | null
        updated_at: string | null
        deleted_at: string | null
        mentor_ids: string[] | null
        participant_ids: string[] | null
      }
      activity_verdict: {
        org_id: string | null
        activity_id: string | null
        activity_date: string | null
        kind: Database["public"]["Enums"]["activity_kind"] | null
        registration_path:
          | Database["public"]["Enums"]["registration_path"]
          | null
        counts: boolean | null
        verdict: Database["public"]["Enums"]["entry_verdict"] | null
        inactive_mentor:
          | Database["public"]["Enums"]["inactive_mentor_reason"]
          | null
        merged_into: string | null
        rule_version: string | null
      }
      held_activity: {
        org_id: string | null
        activity_id: string | null
        activity_date: string | null
        kind: Database["public"]["Enums"]["activity_kind"] | null
        registration_path:
          | Database["public"]["Enums"]["registration_path"]
          | null
        registered_by: string | null
        duration_minutes: number | null
        anonymous_participants: number | null
        known_participants: number | null
        exceeded_limits: string[] | null
        review_confirmed_at: string | null
        review_confirmed_by: string | null
      }
      membership: {
        org_id: string | null
        user_id: string | null
        email: string | null
        display_name: string | null
        role: Database["public"]["Enums"]["member_role"] | null
        approval_status: Database["public"]["Enums"]["approval_status"] | null
        created_at: string | null
        updated_at: string | null
      }
      metric_snapshot_status: {
        snapshot_exists: boolean | null
        snapshot_id: string | null
        computed_at: string | null
        age_seconds: number | null
        rule_version: string | null
        rule_version_in_force: string | null
        record_count_at_generation: number | null
        record_count_now: number | null
        is_stale: boolean | null
        reasons: string[] | null
      }
    }
  }
}

type DatabaseWithoutInternals = Omit<Database, "__InternalSupabase">

type DefaultSchema = DatabaseWithoutInternals[Extract<keyof Database, "public">]

export type Tables<
  DefaultSchemaTableNameOrOptions extends
    | keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends (DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
        DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])
    : never) = never,
> = DefaultSchemaTableNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
      DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])[TableName] extends {
      Row: infer R
    }
    ? R
    : never
  : DefaultSchemaTableNameOrOptions extends keyof (DefaultSchema["Tables"] &
        DefaultSchema["Views"])
    ? (DefaultSchema["Tables"] &
        DefaultSchema["Views"])[DefaultSchemaTableNameOrOptions] extends {
        Row: infer R
      }
      ? R
      : never
    : never

export type TablesInsert<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends (DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never) = never,
> = DefaultSchemaTableNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Insert: infer I
    }
    ? I
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
    ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
        Insert: infer I
      }
      ? I
      : never
    : never

export type TablesUpdate<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends (DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never) = never,
> = DefaultSchemaTableNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Update: infer U
    }
    ? U
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
    ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
        Update: infer U
      }
      ? U
      : never
    : never

export type Enums<
  DefaultSchemaEnumNameOrOptions extends
    | keyof DefaultSchema["Enums"]
    | { schema: keyof DatabaseWithoutInternals },
  EnumName extends (DefaultSchemaEnumNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"]
    : never) = never,
> = DefaultSchemaEnumNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"][EnumName]
  : DefaultSchemaEnumNameOrOptions extends keyof DefaultSchema["Enums"]
    ? DefaultSchema["Enums"][DefaultSchemaEnumNameOrOptions]
    : never

export type CompositeTypes<
  PublicCompositeTypeNameOrOptions extends
    | keyof DefaultSchema["CompositeTypes"]
    | { schema: keyof DatabaseWithoutInternals },
  CompositeTypeName extends (PublicCompositeTypeNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"]
    : never) = never,
> = PublicCompositeTypeNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"][CompositeTypeName]
  : PublicCompositeTypeNameOrOptions extends keyof DefaultSchema["CompositeTypes"]
    ? DefaultSchema["CompositeTypes"][PublicCompositeTypeNameOrOptions]
    : never

export const Constants = {
  public: {
    Enums: {
      activity_kind: [
        "in_person_outreach",
        "phone_or_digital",
        "group_meeting",
        "mentor_course",
        "other",
      ],
      approval_status: ["pending", "approved", "revoked"],
      entry_verdict: [
        "counts",
        "no_active_mentor",
        "held_for_review",
        "merged_proxy_twin",
        "kind_not_counted",
        "abroad",
        "too_few_participants",
        "too_short",
        "same_day_repeat",
        "deleted",
      ],
      inactive_mentor_reason: [
        "pending_approval",
        "revoked",
        "outside_active_period",
        "no_mentor",
      ],
      left_out_reason: ["no_active_mentor", "held_for_review"],
      member_role: ["peer_mentor", "coordinator", "admin"],
      registration_path: ["direct", "proxy", "bulk"],
      review_limit: [
        "minutes_per_activity",
        "anonymous_participants",
        "known_participants",
      ],
      summary_period_type: ["month", "quarter", "half_year", "year"],
    },
  },
} as const
