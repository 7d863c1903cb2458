using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Pipeline.Storage.Migrations
{
    /// <inheritdoc />
    public partial class SnapshotsLabelsAndRunProgress : Migration
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
                name: "kept",
                table: "embeddings",
                type: "boolean",
                nullable: false,
                defaultValue: true);

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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "snapshot_labels");

            migrationBuilder.DropIndex(
                name: "ix_images_path",
                table: "images");

            migrationBuilder.DropColumn(
                name: "kept_only",
                table: "snapshots");

            migrationBuilder.DropColumn(
                name: "kept",
                table: "embeddings");

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
        }
    }
}
