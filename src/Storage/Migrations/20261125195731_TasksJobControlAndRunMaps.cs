using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Pipeline.Storage.Migrations
{
    /// <inheritdoc />
    public partial class TasksJobControlAndRunMaps : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "detection_prompt",
                table: "ingest_jobs",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "state",
                table: "ingest_jobs",
                type: "text",
                nullable: false,
                defaultValue: "Running");

            migrationBuilder.AddColumn<float>(
                name: "map_x",
                table: "cluster_assignments",
                type: "real",
                nullable: true);

            migrationBuilder.AddColumn<float>(
                name: "map_y",
                table: "cluster_assignments",
                type: "real",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "background_tasks",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "text", nullable: false),
                    subject = table.Column<string>(type: "text", nullable: false),
                    status = table.Column<string>(type: "text", nullable: false),
                    done = table.Column<long>(type: "bigint", nullable: false),
                    total = table.Column<long>(type: "bigint", nullable: true),
                    message = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ended_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_background_tasks", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_ingest_files_job_id_outcome",
                table: "ingest_files",
                columns: new[] { "job_id", "outcome" });

            migrationBuilder.CreateIndex(
                name: "ix_cluster_assignments_embedding_id",
                table: "cluster_assignments",
                column: "embedding_id");

            migrationBuilder.CreateIndex(
                name: "ix_cluster_assignments_run_id_cluster_exemplar_probability",
                table: "cluster_assignments",
                columns: new[] { "run_id", "cluster", "exemplar", "probability" },
                descending: new[] { false, false, true, true });

            migrationBuilder.CreateIndex(
                name: "ix_background_tasks_created_at",
                table: "background_tasks",
                column: "created_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "background_tasks");

            migrationBuilder.DropIndex(
                name: "ix_ingest_files_job_id_outcome",
                table: "ingest_files");

            migrationBuilder.DropIndex(
                name: "ix_cluster_assignments_embedding_id",
                table: "cluster_assignments");

            migrationBuilder.DropIndex(
                name: "ix_cluster_assignments_run_id_cluster_exemplar_probability",
                table: "cluster_assignments");

            migrationBuilder.DropColumn(
                name: "detection_prompt",
                table: "ingest_jobs");

            migrationBuilder.DropColumn(
                name: "state",
                table: "ingest_jobs");

            migrationBuilder.DropColumn(
                name: "map_x",
                table: "cluster_assignments");

            migrationBuilder.DropColumn(
                name: "map_y",
                table: "cluster_assignments");
        }
    }
}
