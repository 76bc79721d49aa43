"""Text keys that no `_("...")` or `translate("...")` names literally, listed for `pybabel extract`.

The code composes these keys (`_('staff_by_' ~ by)`, f"staff_domain_{role}") or passes them on
(`notice="notice_expired"`, a class attribute, an exception's reason). `make translations` keeps
in the catalogs only the keys it extracts, so each such key is named here once with N_(); a test
fails when a catalog holds a key that nothing names. Nothing imports this module at run time.
"""

from peiling.webforms.i18n import N_

COMPOSED = (
    # respondent/forwarding.py and respondent/forward.html: "forward_" + a field or a reason
    # of peiling.models.forwarding.ForwardRefused
    N_("forward_naam"),
    N_("forward_email"),
    N_("forward_name_missing"),
    N_("forward_name_invalid"),
    N_("forward_email_invalid"),
    N_("forward_opted_out"),
    N_("forward_same_person"),
    N_("forward_already_invited"),
    N_("forward_too_many"),
    # respondent/forwarded.html: sent or queued
    N_("forwarded_sent"),
    N_("forwarded_queued"),
    # questions/: the required and number messages a handler names by attribute or argument
    N_("error_required"),
    N_("error_required_multiple"),
    N_("error_required_row"),
    N_("error_required_rank"),
    N_("error_required_text"),
    N_("error_required_number"),
    N_("error_required_date"),
    N_("error_number"),
    # respondent/: notices and error pages passed to a template by key
    N_("error_expired_form"),
    N_("notice_changed_elsewhere"),
    N_("notice_expired"),
    N_("notice_not_saved"),
    # staff/dashboard.py: the funnel's bars and the breakdowns of the response ("staff_by_" ~ by)
    N_("staff_count_unknown"),
    N_("staff_count_opted_out"),
    N_("staff_by_province"),
    N_("staff_by_size_class"),
    N_("staff_by_safety_region"),
    N_("staff_by_domain"),
    # contact roles (staff_domain_{role}), account roles, wave and mail states
    N_("staff_domain_safety"),
    N_("staff_domain_social"),
    N_("staff_domain_other"),
    N_("staff_role_admin"),
    N_("staff_role_researcher"),
    N_("staff_wave_status_planned"),
    N_("staff_wave_status_open"),
    N_("staff_wave_status_closed"),
    N_("staff_mail_status_claimed"),
    N_("staff_mail_status_sent"),
    N_("staff_mail_status_failed"),
    N_("staff_mail_status_skipped"),
    N_("staff_mail_status_unknown"),
    # staff/contacts.py and staff/organisation.html: a contact's change, its button and notice
    N_("staff_contact_added"),
    N_("staff_contact_changed"),
    N_("staff_contact_activate"),
    N_("staff_contact_deactivate"),
    N_("staff_contact_opt_out"),
    N_("staff_button_activate"),
    N_("staff_button_deactivate"),
    N_("staff_button_opt_out"),
    # staff/account_pages.py and staff/accounts.html: an account's change, its button and notice
    N_("staff_account_admin"),
    N_("staff_account_researcher"),
    N_("staff_account_deactivate"),
    N_("staff_account_activate"),
    N_("staff_account_reset_totp"),
    N_("staff_account_button_admin"),
    N_("staff_account_button_researcher"),
    N_("staff_account_button_deactivate"),
    N_("staff_account_button_activate"),
    N_("staff_account_button_reset_totp"),
    # staff/flow_runs.py: the flows a staff member starts ("staff_flow_" ~ action) and refusals
    N_("staff_flow_cycle"),
    N_("staff_flow_remind"),
    N_("staff_flow_close"),
    N_("staff_flow_clean"),
    N_("staff_flow_export"),
    N_("staff_flow_no_server"),
    N_("staff_flow_busy"),
    N_("staff_flow_no_deployment"),
    # staff/import_pages.py, resend_pages.py, wave_pages.py: composed from a count, reason or field
    N_("staff_import_added"),
    N_("staff_import_updated"),
    N_("staff_resend_refused_inactive"),
    N_("staff_resend_refused_not_invited"),
    N_("staff_resend_refused_not_open"),
    N_("staff_resend_refused_opted_out"),
    N_("staff_preview_not_saved"),
    N_("staff_unit_contact"),
    N_("staff_unit_organisation"),
    N_("staff_wave_error_close_before_open"),
    N_("staff_wave_error_label_length"),
    N_("staff_wave_error_label_taken"),
    N_("staff_wave_error_reminder_after_closing"),
    N_("staff_wave_error_reminder_format"),
    N_("staff_wave_error_reminder_not_after_opening"),
    N_("staff_wave_error_unit"),
    # staff/exports.html and subscriptions.py: a subscription's state and button, chosen by a
    # condition inside _(), and the message after a change
    N_("staff_button_subscribe"),
    N_("staff_button_unsubscribe"),
    N_("staff_subscription_off"),
    N_("staff_subscription_on"),
    N_("staff_subscription_subscribed"),
    N_("staff_subscription_unsubscribed"),
    # the shared response: a contact's role ("role_" ~ role)
    N_("role_safety"),
    N_("role_social"),
)
