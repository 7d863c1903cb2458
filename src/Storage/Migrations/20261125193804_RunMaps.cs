using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Pipeline.Storage.Migrations
{
    /// <inheritdoc />
    public partial class RunMaps : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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

            migrationBuilder.CreateIndex(
                name: "ix_cluster_assignments_embedding_id",
                table: "cluster_assignments",
                column: "embedding_id");

            migrationBuilder.CreateIndex(
                name: "ix_cluster_assignments_run_id_cluster_exemplar_probability",
                table: "cluster_assignments",
                columns: new[] { "run_id", "cluster", "exemplar", "probability" },
                descending: new[] { false, false, true, true });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_cluster_assignments_embedding_id",
                table: "cluster_assignments");

            migrationBuilder.DropIndex(
                name: "ix_cluster_assignments_run_id_cluster_exemplar_probability",
                table: "cluster_assignments");

            migrationBuilder.DropColumn(
                name: "map_x",
                table: "cluster_assignments");

            migrationBuilder.DropColumn(
                name: "map_y",
                table: "cluster_assignments");
        }
    }
}
