"""Migrating backwards in the migration tests (tests/submissions/test_migration.py,
tests/villages/test_province_migration.py) without Django's up-front rendering.

To unapply migrations Django first computes the project state before each of them. It
renders the models of the first of these states (`state.apps`) and then mutates that
rendered state through the rest of the history: each operation re-renders the ~50 models
related to the one it changes (the accounts, the historical models), so this first pass
took ~19 s of CPU for the province migration, more than the unapplying itself. Here the
states are computed without rendering them; each is rendered when its migration is
unapplied, and its operations reload the models they change, as Django's do. The
states, the operations and their order are Django's: only when rendering happens
differs. Forwards, the tests run `migrate` as an installation does."""

from __future__ import annotations

from django.db.migrations.executor import MigrationExecutor


class LazyBackwardsExecutor(MigrationExecutor):
    def _migrate_all_backwards(self, plan, full_plan, fake):
        """Django 5.2's `MigrationExecutor._migrate_all_backwards` without `state.apps`
        ("Render all") before the first state is kept, and without the progress
        callbacks of that pass."""
        migrations_to_run = {m[0] for m in plan}
        # Holds all migration states prior to the migrations being unapplied
        states = {}
        state = self._create_project_state()
        applied_migrations = {
            self.loader.graph.nodes[key]
            for key in self.loader.applied_migrations
            if key in self.loader.graph.nodes
        }
        for migration, _ in full_plan:
            if not migrations_to_run:
                break
            if migration in migrations_to_run:
                # The state before this migration, rendered when it is unapplied.
                states[migration] = state
                state = migration.mutate_state(state, preserve=True)
                migrations_to_run.remove(migration)
            elif migration in applied_migrations:
                migration.mutate_state(state, preserve=False)

        for migration, _ in plan:
            # Rendered once here: its operations then reload only the models they
            # change (unrendered, each operation rendered both its states whole).
            states[migration].apps  # noqa: B018
            self.unapply_migration(states[migration], migration, fake=fake)
            applied_migrations.remove(migration)

        # The post-migration state, as Django computes it.
        last_unapplied_migration = plan[-1][0]
        state = states[last_unapplied_migration]
        state.__dict__.pop("apps", None)
        for index, (migration, _) in enumerate(full_plan):
            if migration == last_unapplied_migration:
                for migration, _ in full_plan[index:]:
                    if migration in applied_migrations:
                        migration.mutate_state(state, preserve=False)
                break
        return state


def use_lazy_backwards() -> None:
    """`manage.py migrate` (call_command) migrates backwards with the executor above."""
    from django.core.management.commands import migrate

    migrate.MigrationExecutor = LazyBackwardsExecutor
