using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Pipeline.Storage.Migrations
{
    /// <inheritdoc />
    public partial class CurationLabelsAndNoiseFilters : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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
                name: "noise_filters");
        }
    }
}
