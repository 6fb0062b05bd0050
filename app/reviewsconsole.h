#pragma once

#include "domain/incident.h"
#include "learning/backtestservice.h"
#include "playbook/playbook.h"
#include "reviews/export/reviewdocument.h"
#include "reviews/reviewsaver.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QWidget>
#include <functional>

namespace firebreak {

class BacktestWindow;
class Clock;
class ConsoleSession;
class ReviewListView;
class ReviewWindow;
class StoreReader;
class StoreWriter;
struct Theme;

// The console's side of post-incident reviews: one review window per incident (the document with its
// action items, timeline rows and verdicts beside it), the list of every review, exports and gate
// backtesting. Everything a person writes goes through one ReviewSaver to the store writer's thread,
// and every read goes to the reader's thread, so the GUI thread never touches SQLite.
class ReviewsConsole final : public QObject {
    Q_OBJECT
public:
    ReviewsConsole(const Clock& clock, const Theme& theme, ConsoleSession& session, StoreReader& reader,
        StoreWriter& writer, QObject* parent = nullptr);
    ~ReviewsConsole() override;

    // Where windows are parented (the main window), and how an incident is found by id.
    void setWindow(QWidget* window) { m_window = window; }
    void setIncidentLookup(std::function<Incident(qint64)> incidentOf) { m_incidentOf = std::move(incidentOf); }
    // Once the engine exists: backtests run there, over the playbooks it acts with.
    void setBacktesting(BacktestService* service, QVector<Playbook> playbooks);

    ReviewSaver& saver() { return m_saver; }
    ReviewWindow* reviewWindow(qint64 incidentId) const;
    ReviewListView* listView() const;
    BacktestWindow* backtestWindow() const;

public Q_SLOTS:
    void openReview(const firebreak::Incident& incident);
    void openReviewOf(qint64 incidentId);
    void openList();
    void openBacktest();
    // Asks where to, reads the document on the reader thread and writes the file on a worker.
    void exportReview(qint64 incidentId);
    // Without a dialog (for tests and scripts): the document is read and written; `exported` follows.
    void exportReviewTo(qint64 incidentId, const QString& path);

Q_SIGNALS:
    void exported(qint64 incidentId, const QString& path, const QString& error, int pageCount);

private:
    void onDocumentFetched(quint64 requestId, const ReviewDocument& doc, const QString& error);
    void onPlaybookChanged(
        const QString& path, const QString& oldSha256, const QString& newSha256, const QString& author);
    void report(qint64 incidentId, const QString& path, const QString& error, int pageCount);

    const Clock& m_clock;
    const Theme& m_theme;
    ConsoleSession& m_session;
    StoreReader& m_reader;
    ReviewSaver m_saver;
    QPointer<QWidget> m_window;
    std::function<Incident(qint64)> m_incidentOf;
    QPointer<BacktestService> m_backtestService;
    QVector<Playbook> m_playbooks;
    QHash<qint64, QPointer<ReviewWindow>> m_reviews;
    QPointer<ReviewListView> m_list;
    QPointer<BacktestWindow> m_backtest;
    quint64 m_nextRequest = 1;
    QHash<quint64, QPair<qint64, QString>> m_exports; // request id -> incident, destination path
};

} // namespace firebreak
