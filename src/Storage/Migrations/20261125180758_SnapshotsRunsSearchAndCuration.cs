using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Pipeline.Storage.Migrations
{
    /// <inheritdoc />
    public partial class SnapshotsRunsSearchAndCuration : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "kept_only",
                table: "snapshots",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "cancel_requested",
                table: "cluster_runs",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "phase",
                table: "cluster_runs",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<float>(
                name: "progress",
                table: "cluster_runs",
                type: "real",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "scores",
                table: "cluster_runs",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "exemplar",
                table: "cluster_assignments",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<float>(
                name: "outlier_score",
                table: "cluster_assignments",
                type: "real",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "curation_labels",
                columns: table => new
                {
                    region_id = table.Column<Guid>(type: "uuid", nullable: false),
                    keep = table.Column<bool>(type: "boolean", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_curation_labels", x => x.region_id);
                });

            migrationBuilder.CreateTable(
                name: "embedding_exclusions",
                columns: table => new
                {
                    embedding_id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_embedding_exclusions", x => x.embedding_id);
                });

            migrationBuilder.CreateTable(
                name: "noise_filters",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    model_id = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    label_count = table.Column<int>(type: "integer", nullable: false),
                    weighted_f1 = table.Column<double>(type: "double precision", nullable: false),
                    forest = table.Column<byte[]>(type: "bytea", nullable: false),
                    applied_up_to = table.Column<long>(type: "bigint", nullable: false),
                    kept_count = table.Column<long>(type: "bigint", nullable: false),
                    excluded_count = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_noise_filters", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "snapshot_exclusions",
                columns: table => new
                {
                    snapshot_id = table.Column<Guid>(type: "uuid", nullable: false),
                    embedding_id = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_snapshot_exclusions", x => new { x.snapshot_id, x.embedding_id });
                });

            migrationBuilder.CreateTable(
                name: "snapshot_labels",
                columns: table => new
                {
                    snapshot_id = table.Column<Guid>(type: "uuid", nullable: false),
                    embedding_id = table.Column<long>(type: "bigint", nullable: false),
                    label = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_snapshot_labels", x => new { x.snapshot_id, x.embedding_id });
                });

            migrationBuilder.CreateIndex(
                name: "ix_images_path",
                table: "images",
                column: "path");

            migrationBuilder.CreateIndex(
                name: "ix_noise_filters_model_id_created_at",
                table: "noise_filters",
                columns: new[] { "model_id", "created_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "curation_labels");

            migrationBuilder.DropTable(
                name: "embedding_exclusions");

            migrationBuilder.DropTable(
                name: "noise_filters");

            migrationBuilder.DropTable(
                name: "snapshot_exclusions");

            migrationBuilder.DropTable(
                name: "snapshot_labels");

            migrationBuilder.DropIndex(
                name: "ix_images_path",
                table: "images");

            migrationBuilder.DropColumn(
                name: "kept_only",
                table: "snapshots");

            migrationBuilder.DropColumn(
                name: "cancel_requested",
                table: "cluster_runs");

            migrationBuilder.DropColumn(
                name: "phase",
                table: "cluster_runs");

            migrationBuilder.DropColumn(
                name: "progress",
                table: "cluster_runs");

            migrationBuilder.DropColumn(
                name: "scores",
                table: "cluster_runs");

            migrationBuilder.DropColumn(
                name: "exemplar",
                table: "cluster_assignments");

            migrationBuilder.DropColumn(
                name: "outlier_score",
                table: "cluster_assignments");
        }
    }
}
