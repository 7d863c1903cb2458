using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Pipeline.Storage.Migrations
{
    /// <inheritdoc />
    public partial class JobControl : Migration
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

            migrationBuilder.CreateIndex(
                name: "ix_ingest_files_job_id_outcome",
                table: "ingest_files",
                columns: new[] { "job_id", "outcome" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_ingest_files_job_id_outcome",
                table: "ingest_files");

            migrationBuilder.DropColumn(
                name: "detection_prompt",
                table: "ingest_jobs");

            migrationBuilder.DropColumn(
                name: "state",
                table: "ingest_jobs");
        }
    }
}
