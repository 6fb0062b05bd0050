#pragma once

#include "reviews/review.h"
#include "reviews/reviewtemplates.h"
#include "style/theme.h"

#include <QMainWindow>
#include <QPointer>
#include <optional>

class QAction;
class QMessageBox;
class QTabWidget;

namespace firebreak {

class BannerBar;
class OperatorSession;
class ReviewAutosaver;
class ReviewEditor;
class ReviewFeed;
class ReviewFiguresView;
class ReviewHeader;
class ReviewSaver;
class ReviewVersionsDialog;
class StoreReader;
struct CommittedBatch;
struct ReviewDetail;
struct ReviewFigures;

// One incident's post-incident review, in its own window so that a commander can write it beside the
// console while the details are fresh. Opens the latest version (or the template for the incident's
// severity, or text recovered from an autosave that is newer than both), keeps an autosaved copy
// about a second behind the typing, saves versions in the signed-in person's name, and finalises
// (read-only until reopened as a draft). Reads go to the store reader's thread and writes to the
// writer's through ReviewSaver: the window never runs SQL. Nobody signed in: read-only.
class ReviewWindow final : public QMainWindow {
    Q_OBJECT
public:
    ReviewWindow(StoreReader* reader, ReviewSaver& saver, OperatorSession& session, const Theme& theme,
        ReviewTemplates templates, qint64 incidentId, const QString& incidentTitle, int severity,
        QWidget* parent = nullptr);
    ~ReviewWindow() override;

    qint64 incidentId() const { return m_incidentId; }
    // Adds a tab beside the document (action items, timeline rows, verdicts).
    void addPane(QWidget* pane, const QString& title);
    bool isLoaded() const { return m_loaded; }
    bool isFinal() const { return m_final; }
    // Whether the signed-in person can type now (loaded, not final, allowed to write).
    bool isWritable() const;
    int savedVersion() const { return m_latest ? m_latest->version : 0; }

    // For tests.
    ReviewEditor* editor() const { return m_editor; }
    ReviewAutosaver* autosaver() const { return m_autosaver; }
    ReviewFiguresView* figuresView() const { return m_figures; }
    BannerBar* banners() const { return m_banners; }
    QTabWidget* tabs() const { return m_tabs; }
    QAction* saveVersionAction() const { return m_saveVersion; }
    QAction* finaliseAction() const { return m_finalise; }
    QAction* reopenAction() const { return m_reopen; }
    QAction* versionsAction() const { return m_versions; }
    QAction* exportAction() const { return m_export; }
    ReviewVersionsDialog* versionsDialog() const;
    QMessageBox* finaliseConfirmation() const;

public Q_SLOTS:
    void saveVersion();
    void finalise(); // asks first; the default answer is Cancel
    void reopenAsDraft();
    void showVersions();
    void refreshFigures();

Q_SIGNALS:
    void exportRequested(qint64 incidentId);
    // A version is durable in the store (with the number the store gave it).
    void versionSaved(const firebreak::Review& review);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void buildActions();
    void onLoaded(const ReviewDetail& detail);
    void onLoadFailed(const QString& error);
    void onSaved(quint64 ticket, const CommittedBatch& batch);
    void onSaveFailed(quint64 ticket, const QString& error);
    void onSessionChanged();
    void save(ReviewStatus status);
    // Why nobody can write now (signed out, role), or empty.
    QString writeRefusal() const;
    void updateState();
    void updateStatusLine();

    ReviewSaver& m_saver;
    OperatorSession& m_session;
    Theme m_theme;
    ReviewTemplates m_templates;
    qint64 m_incidentId = 0;
    int m_severity = 4;
    ReviewFeed* m_feed = nullptr;
    ReviewAutosaver* m_autosaver = nullptr;

    bool m_loaded = false;
    bool m_final = false; // the latest version is final and has not been reopened
    bool m_reopened = false;
    std::optional<Review> m_latest; // the latest saved version
    bool m_changedSinceVersion = true;
    quint64 m_saveTicket = 0;
    ReviewStatus m_savingStatus = ReviewStatus::Draft;
    QString m_saveError;

    ReviewHeader* m_header = nullptr;
    BannerBar* m_banners = nullptr;
    ReviewEditor* m_editor = nullptr;
    QTabWidget* m_tabs = nullptr;
    ReviewFiguresView* m_figures = nullptr;
    QAction* m_saveVersion = nullptr;
    QAction* m_finalise = nullptr;
    QAction* m_reopen = nullptr;
    QAction* m_versions = nullptr;
    QAction* m_export = nullptr;
    QPointer<ReviewVersionsDialog> m_versionsDialog;
    QPointer<QMessageBox> m_confirmation;
};

} // namespace firebreak
